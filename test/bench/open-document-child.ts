// Run by documents.bench.ts in a process of its own, so its peak memory is this one document's:
// opens the file named on the command line and prints the time taken and the peak resident size.
import { readFileSync } from 'node:fs';
import { openDocument } from '../../electron/speech/documents/open-document';

const path = process.argv[2]!;
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
const doc = await openDocument(readFileSync(path), path);
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, chars: doc.text.length, peakMb: process.resourceUsage().maxRSS / 1024, startMb: rssBefore / 1024 / 1024 }));
