export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export const median = (values: number[]) => percentile(values, 50);

export function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

export const ms = (value: number, digits = 2) => `${value.toFixed(digits)} ms`;
export const ratio = (value: number) => `${(value * 100).toFixed(0)}%`;
