// Opening documents: a generated 1,000-page two-column PDF and a 500,000-word EPUB, each beside a
// short text file opened the same way (in a process of its own, for its peak memory): the time from
// the file to the text a reading starts from, and the peak resident memory of the process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { makeColumnPdf, makeEpub } from '../support/make-documents';
import { report, reportRatio } from './format';

const source = fileURLToPath(new URL('./open-document-child.ts', import.meta.url));
let child = '';

/**
 * Bundled as the app bundles it (packages loaded from node_modules) and run by plain Node: through
 * tsx, pdf.js's 2 MB worker module alone takes seconds to load, which the app never pays.
 */
async function bundleChild(): Promise<void> {
  // Inside the project, where its packages resolve.
  child = fileURLToPath(new URL('../../node_modules/.cache/aloud-bench/open-document-child.mjs', import.meta.url));
  await build({ entryPoints: [source], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: child, logLevel: 'error' });
}

function open(path: string): { ms: number; chars: number; peakMb: number; startMb: number } {
  const run = spawnSync(process.execPath, [child, path], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`opening ${path} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as { ms: number; chars: number; peakMb: number; startMb: number };
}

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'aloud-bench-docs-'));
  await bundleChild();
  const short = join(dir, 'short.txt');
  writeFileSync(short, 'A short note to read aloud. It has two sentences.');
  const pdf = join(dir, 'thousand-pages.pdf');
  writeFileSync(pdf, (await makeColumnPdf(1000)).bytes);
  const words = 'listening to a long book is easier than reading it for many people every day'.split(' ');
  const chapters = Array.from({ length: 100 }, (_, c) => ({
    title: `Chapter ${c + 1}`,
    paragraphs: Array.from({ length: 50 }, (_, p) => Array.from({ length: 100 }, (_, w) => words[(c + p + w) % words.length]).join(' ') + '.'),
  }));
  const epub = join(dir, 'half-million-words.epub');
  writeFileSync(epub, makeEpub(chapters));

  const base = open(short);
  for (const [label, path] of [
    ['1,000-page PDF', pdf],
    ['500,000-word EPUB', epub],
  ] as const) {
    const doc = open(path);
    report(`${label}: characters of text`, doc.chars, 'chars');
    reportRatio(`${label}: open to text`, doc.ms, 'ms', 'a short text file', base.ms);
    reportRatio(`${label}: peak memory`, doc.peakMb, 'MB', 'a short text file', base.peakMb);
  }
}
