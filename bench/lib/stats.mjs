// Small statistics for the bench: medians of repeated runs and ratios between subject and baseline.

/** The median of numbers (the mean of the middle two for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The `p`-th percentile (0–100) of numbers, nearest rank. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** A number rounded to `digits` decimals. */
export function round(value, digits = 2) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Runs `baseline` then `subject`, alternating, `runs` times, and keeps every sample of both. Each
 * function resolves an object of numbers (one sample).
 */
export async function alternate(runs, baseline, subject) {
  const samples = { baseline: [], subject: [] };
  for (let run = 0; run < runs; run++) {
    // Swap the order on odd runs, so that neither side always goes first (warm caches, turbo clocks).
    const order = run % 2 === 0 ? ['baseline', 'subject'] : ['subject', 'baseline'];
    for (const side of order) samples[side].push(await (side === 'baseline' ? baseline : subject)(run));
  }
  return samples;
}

/** The median of each numeric field over samples. */
export function medians(samples) {
  const out = {};
  for (const key of Object.keys(samples[0] ?? {})) {
    const values = samples.map((sample) => sample[key]).filter((value) => typeof value === 'number');
    if (values.length > 0) out[key] = median(values);
  }
  return out;
}
