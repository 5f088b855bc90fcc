// Which of the rules that make text fit to hear are on, as Settings and the reading service know them.
// Each rule is switchable; all are on by default. (The rules themselves: electron/speech/fit-to-hear.ts;
// the settings' schema: settings-ipc.ts.) Free of zod: the command line's say path loads it.

export const HEARING_RULES = ['links', 'emails', 'numbers', 'citations', 'code', 'glyphs', 'pages', 'emoji'] as const;
export type HearingRule = (typeof HEARING_RULES)[number];

export type HearingRules = Record<HearingRule, boolean>;

export const DEFAULT_HEARING_RULES: HearingRules = Object.fromEntries(HEARING_RULES.map((r) => [r, true])) as HearingRules;

/** What each rule does, with an example, as Settings shows it (and the README repeats). */
export const HEARING_RULE_TEXT: Record<HearingRule, { label: string; example: string; heard: string }> = {
  links: { label: 'Links are read as their site', example: 'https://www.github.com/aloud/app?tab=readme', heard: 'link to github.com' },
  emails: { label: 'E-mail addresses are read as name at site', example: 'ada.lovelace@example.org', heard: 'ada.lovelace at example.org' },
  numbers: { label: 'Thousands separators are not read', example: '1,234,567', heard: '1234567' },
  citations: { label: 'Citation marks are skipped', example: 'It boils.[12] It is hot[citation needed] and wet¹', heard: 'It boils. It is hot and wet' },
  code: { label: 'Code blocks are skipped; inline code is read plainly', example: 'Type `npm start`', heard: 'Type npm start' },
  glyphs: { label: 'Bullets and box-drawing lines are skipped', example: '• one ▪ two ──────', heard: 'one two' },
  pages: { label: 'Page numbers and headers repeated on every page are skipped', example: 'Page 3 of 10', heard: '' },
  emoji: { label: 'Emoji are skipped', example: 'Great 👍🏽 work 🎉', heard: 'Great work' },
};

/** The rules a saved reading was made with (its settings record), or undefined for none (older readings). */
export function hearingOf(settings: Record<string, unknown> | undefined): HearingRules | undefined {
  const saved = settings?.['hearing'];
  if (typeof saved !== 'object' || saved === null) return undefined;
  const rules = saved as Record<string, unknown>;
  return HEARING_RULES.every((r) => typeof rules[r] === 'boolean') ? (Object.fromEntries(HEARING_RULES.map((r) => [r, rules[r]])) as HearingRules) : undefined;
}
