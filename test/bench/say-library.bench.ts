// `aloud say - --out` on 30 KB of prose (about 26 minutes of the built-in voice), as a person runs it
// (the built bin/aloud.mjs), saving into a fresh library against --no-history: wall time, CPU time and
// peak memory of each, and their ratios (issue 26, case 6). The library's cost is encoding the audio to
// Opus; CPU time moves less with the machine's load than wall time does.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { englishText } from '../support/english-text';
import { report, reportRatio } from './format';

const root = join(import.meta.dirname, '../..');

interface Run {
  wallS: number;
  cpuS: number;
  peakMb: number;
}

/** One `say --out`; CPU time from the kernel's count for the child (utime + stime of /proc/PID/stat). */
async function say(text: string, extra: string[]): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'aloud-bench-say-'));
  try {
    const started = performance.now();
    const child = spawn(process.execPath, [join(root, 'bin/aloud.mjs'), 'say', '-', '--out', join(dir, 'out.wav'), '--no-progress', ...extra], {
      env: { ...process.env, ALOUD_DATA_DIR: join(dir, 'data') },
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    child.stdin.end(text);
    let peakMb = 0;
    let cpuS = 0;
    const sample = setInterval(() => {
      try {
        peakMb = Math.max(peakMb, Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        cpuS = (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks
      } catch {
        // Exited between samples.
      }
    }, 100);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearInterval(sample);
    if (code !== 0) throw new Error(`aloud say exited with ${code}`);
    return { wallS: (performance.now() - started) / 1000, cpuS, peakMb };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function bench(): Promise<void> {
  if (!existsSync(join(root, 'out/main/cli.js'))) {
    console.log('skipped: out/main/cli.js is not built (npm run build)');
    return;
  }
  const text = englishText(8000).slice(0, 30_000);
  const bare = await say(text, ['--no-history']);
  const saved = await say(text, []);
  reportRatio('say --out, 30 KB, with the library: wall', saved.wallS, 's', 'with --no-history', bare.wallS);
  reportRatio('say --out, 30 KB, with the library: CPU', saved.cpuS, 's', 'with --no-history', bare.cpuS);
  report('say --out, 30 KB, peak memory with the library', saved.peakMb, 'MB', `bounded; ${bare.peakMb.toFixed(0)} MB with --no-history`);
}
