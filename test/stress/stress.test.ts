// The stress suite's short form, inside npm test: every family at a fixed seed through the same entry
// points the hotkey and the command line use. Each prints its line (cases tried, passed, anything
// lost); each must pass every case and lose nothing. `npm run stress` runs the full sizes.
import { families } from './families';
import { formatReport, type StressOptions } from './report';

const opts: StressOptions = { seed: 20261205, scale: 'short' };

describe('stress, short form', () => {
  it.each(Object.entries(families))('%s: every case passes and nothing is lost', async (_name, run) => {
    const report = await run(opts);
    console.log(formatReport(report));
    expect(report.failures).toEqual([]);
    expect(report.passed).toBe(report.tried);
    expect(report.tried).toBeGreaterThan(0);
    expect(report.lost).toBe(0);
  });
});
