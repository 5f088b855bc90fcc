import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { damagePages, libraryWithReadings } from '../../test/support/damaged-library';
import { HEALTH_CHECK_EVERY_MS, healthCheckDue, lastCheckPath, openMarkerPath } from './health-schedule';
import { openLibrary } from './library-store';

const DAY = 24 * 3600 * 1000;
const T0 = Date.UTC(2026, 11, 5);

describe('when the library is checked at start', () => {
  it('checks a library never checked, then not again for a week after a clean exit, then again', () => {
    const path = libraryWithReadings(50);
    expect(healthCheckDue(path, T0)).toBe('never checked');
    openLibrary({ path, now: () => T0 }).close();
    expect(existsSync(lastCheckPath(path))).toBe(true);
    expect(existsSync(openMarkerPath(path))).toBe(false);
    // Damage from outside, six days later: not looked for yet (that is the price of a quick start).
    damagePages(path, 5, 3);
    const soon = openLibrary({ path, now: () => T0 + 6 * DAY });
    expect(soon.damage).toBeNull();
    soon.close();
    expect(healthCheckDue(path, T0 + HEALTH_CHECK_EVERY_MS)).toBe('a week since the last');
    const later = openLibrary({ path, now: () => T0 + 8 * DAY });
    expect(later.damage).not.toBeNull();
    later.close();
  });

  it('checks at once after an exit that was not clean (the app killed with the library open)', () => {
    const path = libraryWithReadings(50);
    openLibrary({ path, now: () => T0 }).close();
    const crashed = openLibrary({ path, now: () => T0 + DAY });
    // Killed: the database handle dies with the process, the open marker stays.
    crashed.db.close();
    expect(existsSync(openMarkerPath(path))).toBe(true);
    damagePages(path, 5, 3);
    expect(healthCheckDue(path, T0 + DAY)).toBe('unclean exit');
    const next = openLibrary({ path, now: () => T0 + DAY });
    expect(next.damage).not.toBeNull();
    next.close();
  });

  it('counts a clock set back as a week gone, and leaves no marks for the command line', () => {
    const path = libraryWithReadings(5);
    openLibrary({ path, now: () => T0 }).close();
    expect(healthCheckDue(path, T0 - DAY)).toBe('a week since the last');
    const cliPath = libraryWithReadings(5);
    const cli = openLibrary({ path: cliPath, checkHealth: false });
    expect(existsSync(openMarkerPath(cliPath))).toBe(false);
    cli.close();
    expect(existsSync(lastCheckPath(cliPath))).toBe(false);
  });
});
