import { popoverPosition } from './popover-position';

const size = { width: 360, height: 150 };
const screen = { x: 0, y: 0, width: 1920, height: 1080 };

describe('popoverPosition', () => {
  it('opens below a tray icon in a top bar, centred under it', () => {
    const tray = { x: 1700, y: 0, width: 24, height: 24 };
    const work = { x: 0, y: 24, width: 1920, height: 1056 };
    expect(popoverPosition(tray, work, size)).toEqual({ x: 1712 - 180, y: 30 });
  });

  it('opens above a tray icon in a bottom task bar', () => {
    const tray = { x: 1800, y: 1040, width: 40, height: 40 };
    const work = { x: 0, y: 0, width: 1920, height: 1040 };
    expect(popoverPosition(tray, work, size)).toEqual({ x: 1920 - 360 - 6, y: 1040 - 150 - 6 });
  });

  it('stays inside the work area for an icon at the far left edge', () => {
    const tray = { x: 0, y: 1060, width: 20, height: 20 };
    expect(popoverPosition(tray, screen, size).x).toBe(6);
  });
});
