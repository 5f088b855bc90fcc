// What each stress family reports: cases tried, passed, and anything lost (which must be zero), with
// the failures named; one line per family, as `npm run stress` prints it.

export interface StressOptions {
  /** The fixed seed that picks texts, timings and faults: a failing run can be repeated. */
  seed: number;
  /** 'short' inside npm test (under 5 minutes for all families); 'full' for `npm run stress`. */
  scale: 'short' | 'full';
}

export interface FamilyReport {
  family: string;
  tried: number;
  passed: number;
  /** Saved readings, chunks or files lost or damaged. */
  lost: number;
  /** One sentence per case that did not pass. */
  failures: string[];
  /** Figures worth printing beside the line (the longest event-loop stall, heap growth...). */
  figures: Record<string, string>;
}

export function newReport(family: string): FamilyReport {
  return { family, tried: 0, passed: 0, lost: 0, failures: [], figures: {} };
}

/** Runs one case: it passes unless it throws; what it throws is the failure's sentence. */
export async function tryCase(report: FamilyReport, name: string, body: () => Promise<void>): Promise<void> {
  report.tried++;
  try {
    await body();
    report.passed++;
  } catch (err) {
    report.failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function check(ok: boolean, sentence: string): void {
  if (!ok) throw new Error(sentence);
}

export function formatReport(r: FamilyReport): string {
  const figures = Object.entries(r.figures).map(([k, v]) => `${k} ${v}`);
  return [`${r.family.padEnd(14)} ${r.tried} tried, ${r.passed} passed, ${r.lost} lost`, ...figures].join('; ');
}

/** mulberry32: small, seeded, repeatable. */
export function seededRandom(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}
