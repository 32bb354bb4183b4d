/** `12345` -> `"12,345"`, without Intl so the output is the same on every runtime. */
export function formatCount(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
