// The dimension bench's rows as markdown: per size the wall time and the CPU time of one request, then how
// the CPU time grows from size to size. CPU time is what the ratios use: on a shared machine a long run is
// preempted more often than a short one, which makes wall-time ratios look worse than the work is.

export interface DimensionRow {
  dimension: string;
  /** `door → upstream`. */
  route: string;
  sizes: readonly number[];
  labels: readonly string[];
  /** Fastest wall time of the runs, per size. */
  wallMs: readonly number[];
  /** Least CPU time of the runs (all of the process's threads), per size. */
  cpuMs: readonly number[];
}

// Below this the fixed cost of a request hides how the work grows.
const NOISE_FLOOR_MS = 2;

/**
 * How the time grows per tenfold growth of the size at the step where it grows fastest: 10 is linear,
 * 100 quadratic. Steps ending under 2 ms are left out.
 *
 * @example worstPerTenfold([1_000, 10_000], [3, 30]) // 10
 */
export function worstPerTenfold(sizes: readonly number[], ms: readonly number[]): number {
  let worst = 0;
  for (let i = 1; i < ms.length; i += 1) {
    const before = ms[i - 1] as number;
    const after = ms[i] as number;
    if (!(after >= NOISE_FLOOR_MS)) continue;
    const exponent = Math.log(after / Math.max(before, 1e-3)) / Math.log((sizes[i] as number) / (sizes[i - 1] as number));
    worst = Math.max(worst, exponent);
  }
  return 10 ** worst;
}

/**
 * How the time grows per tenfold growth of the size from the smallest size past 2 ms to the largest: the
 * trend over the whole range, where one step may hold a one-off cost (a path that begins past a size).
 *
 * @example wholeRangePerTenfold([1_000, 10_000, 100_000], [3, 20, 300]) // 10
 */
export function wholeRangePerTenfold(sizes: readonly number[], ms: readonly number[]): number {
  const first = ms.findIndex((value) => value >= NOISE_FLOOR_MS);
  const last = ms.length - 1;
  if (first < 0 || first === last) return Number.NaN;
  const exponent = Math.log((ms[last] as number) / (ms[first] as number)) / Math.log((sizes[last] as number) / (sizes[first] as number));
  return 10 ** exponent;
}

const fixed = (value: number) => (Number.isNaN(value) ? '–' : value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));

export function markdownRow(row: DimensionRow): string {
  const steps = row.cpuMs.slice(1).map((value, i) => `×${(value / (row.cpuMs[i] as number)).toFixed(1)}`);
  const sizeSteps = row.sizes.slice(1).map((value, i) => `×${+(value / (row.sizes[i] as number)).toFixed(1)}`);
  return `| ${row.dimension} (${row.labels.join(' · ')}) | ${row.route} | ${row.wallMs.map(fixed).join(' · ')} | ${row.cpuMs.map(fixed).join(' · ')} | ${steps.join(' ')} for ${sizeSteps.join(' ')} | ×${worstPerTenfold(row.sizes, row.cpuMs).toFixed(0)} | ×${wholeRangePerTenfold(row.sizes, row.cpuMs).toFixed(1)} |`;
}

export function markdownTable(rows: readonly DimensionRow[]): string {
  const head = [
    '| Dimension (sizes) | Door → upstream | Wall ms per request | CPU ms per request | CPU step for size step | Worst step, per tenfold | Whole range, per tenfold |',
    '|---|---|---|---|---|---|---|',
  ];
  return [...head, ...rows.map(markdownRow)].join('\n');
}
