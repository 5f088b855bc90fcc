// The mini player's popover, in CSS pixels: its title, status, position bar, buttons and Speed fit
// without scrolling (test/e2e/reader-navigation.e2e.test.ts checks it at this size).
export const MINI_SIZE = { width: 360, height: 200 } as const;
