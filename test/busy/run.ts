// `npm run test:busy`: the whole suite (`npm test`, the same typecheck, lint, builds and vitest run)
// on a busy machine: two CPU-bound processes spin beside it from its first moment to its last. The
// tests must hold at any load (DESIGN.md, "Testing on machines without an Electron binary"); this is
// how that is tried. The load average is printed at the start, every minute and at the end, with the
// time taken; the exit code is npm test's.
//
// The burners cannot outlive the run: they are killed when npm test ends, on SIGINT, SIGTERM or
// SIGHUP, and on any error here; each also quits by itself once this process is gone (killed with
// SIGKILL, say) or after ALOUD_BUSY_MAX_MINUTES (default 240) whatever happens.
//
// Arguments go to vitest: `npm run test:busy -- test/e2e/speed.e2e.test.ts` runs npm test's steps
// with vitest limited to that file. ALOUD_BUSY_BURNERS sets how many burners (default 2).
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism, constants, loadavg } from 'node:os';

const BURNERS = Number(process.env.ALOUD_BUSY_BURNERS ?? 2);
const MAX_MINUTES = Number(process.env.ALOUD_BUSY_MAX_MINUTES ?? 240);
const REPORT_EVERY_MS = 60_000;

const started = Date.now();
const elapsed = () => {
  const s = Math.round((Date.now() - started) / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
};
const load = () => loadavg().map((n) => n.toFixed(2)).join(', ');
const say = (what: string) => process.stdout.write(`\n[busy] ${what}: load average ${load()} (1, 5, 15 min) on ${availableParallelism()} cores, ${elapsed()} in\n`);

/**
 * A burner: one core spun flat out. Once a second it looks up: it quits when its parent is no longer
 * this process (gone, and the burner handed to init) or its time is up.
 */
const BURNER = `
const parent = ${process.pid};
const until = Date.now() + ${MAX_MINUTES} * 60000;
let next = 0;
for (;;) {
  const now = Date.now();
  if (now >= next) {
    if (process.ppid !== parent || now > until) process.exit(0);
    next = now + 1000;
  }
}`;

const burners: ChildProcess[] = [];
for (let i = 0; i < BURNERS; i++) burners.push(spawn(process.execPath, ['-e', BURNER], { stdio: 'ignore' }));

function killBurners(): void {
  for (const b of burners) {
    if (b.exitCode === null && b.signalCode === null) {
      try {
        b.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}
// Whatever way this process ends (process.exit included), the burners go first.
process.on('exit', killBurners);

say(`npm test starts beside ${BURNERS} CPU burners (pids ${burners.map((b) => b.pid).join(', ')})`);
const report = setInterval(() => say('npm test still running'), REPORT_EVERY_MS);

// npm test as npm runs it (npm_execpath when started by npm run, else npm from the PATH), in a process
// group of its own: a signal goes to all of it, vitest and its workers included (npm, stopped, leaves
// its script running).
const args = process.argv.slice(2);
const npmArgs = ['test', ...(args.length > 0 ? ['--', ...args] : [])];
const npmCli = process.env.npm_execpath;
const [command, commandArgs] = npmCli ? [process.execPath, [npmCli, ...npmArgs]] : ['npm', npmArgs];
const tests = spawn(command, commandArgs, { stdio: 'inherit', detached: true });
const signalTests = (signal: NodeJS.Signals) => {
  try {
    process.kill(-tests.pid!, signal);
  } catch {
    // The group is gone already.
  }
};

/** A process ended by a signal exits, as a shell reports it, with 128 + the signal's number. */
const bySignal = (signal: NodeJS.Signals) => 128 + (constants.signals[signal] ?? 0);
let stoppedBy: NodeJS.Signals | null = null;
let stoppedAt = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    killBurners();
    if (stoppedBy) {
      // A Ctrl+C comes twice at once (from the terminal, and relayed by npm run): only a second ask
      // a moment later stops waiting for the tests.
      if (Date.now() - stoppedAt < 2000) return;
      signalTests('SIGKILL');
      process.exit(bySignal(signal));
    }
    stoppedBy = signal;
    stoppedAt = Date.now();
    process.stdout.write(`\n[busy] ${signal}: burners stopped, npm test asked to stop\n`);
    signalTests(signal);
  });
}

function finish(code: number, why: string): void {
  clearInterval(report);
  killBurners();
  say(why);
  process.exit(code);
}

tests.on('error', (err) => finish(1, `npm test could not start (${err.message})`));
tests.on('exit', (code, signal) => {
  if (signal) finish(bySignal(signal), `npm test ended by ${signal}`);
  // Stopped by a signal, a run is no pass whatever npm test said.
  else finish(code === 0 && stoppedBy ? bySignal(stoppedBy) : (code ?? 1), `npm test ended with exit code ${code}`);
});
process.on('uncaughtException', (err) => {
  process.stderr.write(`[busy] ${err.stack ?? err}\n`);
  signalTests('SIGTERM');
  finish(1, 'stopped on an error');
});
