// Whether the process that was writing a reading is still that process (else a crash cut it short).
// A PID alone can be taken by another process after a reboot or a long while, so the writer is
// known by its PID and its start time, read the same way when it is saved and when it is checked.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Start times read twice for the same process agree to well within this (clock ticks, ps seconds). */
const SAME_PROCESS_MS = 2000;

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When a process started, in ms since the epoch; null where the system does not say (Windows), and
 * for a process that is gone.
 */
export function processStartTime(pid: number, platform: NodeJS.Platform = process.platform): number | null {
  try {
    if (platform === 'linux') return linuxStartTime(pid);
    if (platform === 'darwin' || platform === 'freebsd' || platform === 'openbsd') {
      const out = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      const at = Date.parse(out);
      return Number.isFinite(at) ? at : null;
    }
  } catch {
    // Gone, or ps is missing: say nothing rather than guess.
  }
  return null;
}

/** Field 22 of /proc/PID/stat is the start in clock ticks (USER_HZ, 100 on Linux) after boot. */
function linuxStartTime(pid: number): number | null {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[19]);
  const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1];
  if (!Number.isFinite(ticks) || btime === undefined) return null;
  return Number(btime) * 1000 + ticks * 10;
}

let own: number | null | undefined;
/** This process's start time, as processStartTime reads it. */
export function ownStartTime(): number | null {
  if (own === undefined) own = processStartTime(process.pid);
  return own;
}

/**
 * Whether the writer saved as (pid, started) is still running. A row from before start times were
 * kept (started null), or a system that does not say, falls back to the PID alone.
 */
export function writerAlive(pid: number, started: number | null): boolean {
  if (!pidAlive(pid)) return false;
  if (started === null) return true;
  const now = processStartTime(pid);
  return now === null || Math.abs(now - started) <= SAME_PROCESS_MS;
}
