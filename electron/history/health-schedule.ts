// When the library's start-up quick_check runs. It reads the whole file (367 ms for 199 MB here, and
// seconds for a library of several GB), so not at every start: after an exit that was not clean (the
// app crashed or was killed while the library was open: the moment damage may have been done), and
// otherwise once a week, for damage from outside (a failing disk, a sync tool).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export const HEALTH_CHECK_EVERY_MS = 7 * 24 * 3600 * 1000;

/** Beside the library: present while the app has it open (left behind by a crash). */
export const openMarkerPath = (library: string): string => `${library}.open`;
/** Beside the library: when quick_check last found it sound (milliseconds since 1970). */
export const lastCheckPath = (library: string): string => `${library}.checked`;

/** Why a check is due now ('unclean exit', 'a week since the last', 'never checked'), or null when it is not. */
export function healthCheckDue(library: string, now: number): string | null {
  if (existsSync(openMarkerPath(library))) return 'unclean exit';
  let last = NaN;
  try {
    last = Number(readFileSync(lastCheckPath(library), 'utf8').trim());
  } catch {
    // No record: checked by an Aloud from before this schedule, or never.
  }
  if (!Number.isFinite(last)) return 'never checked';
  // A clock set back counts as a week gone.
  return now - last >= HEALTH_CHECK_EVERY_MS || now < last ? 'a week since the last' : null;
}

export function recordSoundCheck(library: string, now: number): void {
  writeFileSync(lastCheckPath(library), `${now}\n`, { mode: 0o600 });
}

/** The app has the library open from now until closeMarker(). */
export function openMarker(library: string): void {
  writeFileSync(openMarkerPath(library), `${process.pid}\n`, { mode: 0o600 });
}

export function closeMarker(library: string): void {
  rmSync(openMarkerPath(library), { force: true });
}
