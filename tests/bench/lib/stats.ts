export const sorted = (values: number[]): number[] => [...values].sort((a, b) => a - b);

/** Nearest-rank percentile (p in 0..100) of unsorted values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = sorted(values);
  const rank = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[rank]!;
}

export const median = (values: number[]): number => percentile(values, 50);
export const min = (values: number[]): number => Math.min(...values);
export const max = (values: number[]): number => Math.max(...values);

export const fmt = (n: number): string =>
  Number.isNaN(n)
    ? '–'
    : Math.abs(n) >= 100
      ? n.toFixed(0)
      : Math.abs(n) >= 10
        ? n.toFixed(1)
        : n.toFixed(2);
