import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const e2e = 'test/e2e/**/*.test.ts';
const outside = ['node_modules/**', 'out/**', 'dist/**', 'release/**'];

// The one place for the suite's time limits: no test sets its own. They are generous, for a 2-core
// machine busy with something else (`npm run test:busy` runs the suite beside two CPU burners): a
// limit only decides how long a broken test takes to fail, never whether a working one passes.
const MINUTE = 60000;
const LIMITS = {
  // The slowest unit tests take minutes on a loaded machine: the stress families, and the history
  // crash test's 204 kills, which took 4 min 01 s at a load average of 25 on 2 cores.
  unit: { testTimeout: 10 * MINUTE, hookTimeout: 15 * MINUTE },
  // The longest end-to-end test plays five 3-minute readings side by side (long-formats), and its
  // beforeAll may first make and encode their speech.
  e2e: { testTimeout: 10 * MINUTE, hookTimeout: 10 * MINUTE },
  // expect.poll's default (vitest's own is 1 s). The end-to-end tests' Playwright waits have the same
  // figure (WAIT_MS in test/e2e/chromium.ts).
  poll: { timeout: MINUTE },
};

export default defineConfig({
  resolve: {
    // No test may load the real Electron module: it has no binary on these machines.
    alias: { electron: resolve(import.meta.dirname, 'test/fakes/electron.ts') },
  },
  test: {
    globals: true,
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
    setupFiles: ['./test/setup-fast-check.ts', './test/setup-data-dir.ts'],
    expect: { poll: LIMITS.poll },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['**/*.test.ts', '**/*.test.tsx'], exclude: [...outside, e2e], sequence: { groupOrder: 0 }, ...LIMITS.unit },
      },
      // Chromium tests assert on real-time audio (zero underruns), so they run after the rest and one
      // file at a time: two browsers and the unit tests sharing two cores starve the audio thread.
      { extends: true, test: { name: 'e2e', include: [e2e], exclude: outside, fileParallelism: false, sequence: { groupOrder: 1 }, ...LIMITS.e2e } },
    ],
  },
});
