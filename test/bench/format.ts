/** One benchmark line: the figure, its baseline from the same run, and their ratio. */
export function reportRatio(label: string, value: number, unit: string, baselineLabel: string, baseline: number): void {
  const ratio = baseline === 0 ? Infinity : value / baseline;
  console.log(`${label}: ${fmt(value)} ${unit}  |  ${baselineLabel}: ${fmt(baseline)} ${unit}  |  ratio ${ratio.toFixed(2)}x`);
}

export function report(label: string, value: number, unit: string, aim?: string): void {
  console.log(`${label}: ${fmt(value)} ${unit}${aim ? `  (aim: ${aim})` : ''}`);
}

function fmt(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2);
}

export function median(xs: number[]): number {
  return percentile(xs, 50);
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}
