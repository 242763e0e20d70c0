/** Human-readable durations and counts for messages. */

/** A rough duration for estimates: "40 s", "12 min", "3.5 h", "2 days". */
export function roughDuration(seconds: number): string {
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * 86400) return `${(seconds / 3600).toFixed(1)} h`;
  if (seconds < 2 * 365 * 86400) return `${Math.round(seconds / 86400)} days`;
  return `${(seconds / (365 * 86400)).toPrecision(2)} years`;
}

export function formatCount(n: number): string {
  return n < 1e6 ? n.toLocaleString('en-US') : n.toExponential(2).replace('e+', 'e');
}
