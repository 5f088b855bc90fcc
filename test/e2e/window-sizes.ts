// The windows the any-size tests try, and the accessibility rules they hold every view to. Zoom is a
// smaller CSS viewport drawn at a higher pixel density: a 1280 px window at 400% is 320 CSS px wide.
export const SIZES = [
  { name: '320', width: 320, height: 640, scale: 1 },
  { name: '760', width: 760, height: 560, scale: 1 },
  { name: '1280', width: 1280, height: 800, scale: 1 },
  { name: '760-at-200%', width: 380, height: 280, scale: 2 },
  { name: '1280-at-400%', width: 320, height: 200, scale: 4 },
] as const;
export type Size = (typeof SIZES)[number];

/** WCAG A and AA (2.0 to 2.2) and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
