// `npm run stress`: every family at full size (`-- --short` for the form npm test runs), one line per
// family; exits 1 if any case failed or anything was lost.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { families } from './families';
import { formatReport, type StressOptions } from './report';

// The command line saves what it reads: never into the user's own library.
process.env.ALOUD_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'aloud-stress-data-'));
const opts: StressOptions = { seed: Number(process.env.ALOUD_STRESS_SEED ?? 20261205), scale: process.argv.includes('--short') ? 'short' : 'full' };
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
let failed = false;
console.log(`stress (${opts.scale}, seed ${opts.seed})`);
for (const [name, run] of Object.entries(families)) {
  if (only.length && !only.includes(name)) continue;
  const started = performance.now();
  const r = await run(opts);
  console.log(`${formatReport(r)}; ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const f of r.failures) console.log(`  FAILED ${f}`);
  failed ||= r.failures.length > 0 || r.lost > 0 || r.passed !== r.tried;
}
process.exit(failed ? 1 : 0);
