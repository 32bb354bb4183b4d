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
export const us = (value: number, digits = 2) => `${value.toFixed(digits)} µs`;
export const ratio = (value: number) => `${(value * 100).toFixed(0)}%`;

/** The mean of repeated runs and their spread (min–max). */
export interface Spread {
  mean: number;
  min: number;
  max: number;
}

export function spread(values: number[]): Spread {
  return values.length === 0 ? { mean: NaN, min: NaN, max: NaN } : { mean: mean(values), min: Math.min(...values), max: Math.max(...values) };
}

/** `12.3 (11.9–12.7)`, with `digits` decimals and an optional unit after the mean and after the spread. */
export function showSpread(value: Spread, digits = 0, unit = ''): string {
  if (Number.isNaN(value.mean)) return '';
  const suffix = unit === '' ? '' : ` ${unit}`;
  return `${value.mean.toFixed(digits)}${suffix} (${value.min.toFixed(digits)}–${value.max.toFixed(digits)})`;
}
