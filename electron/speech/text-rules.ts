// The rules a reading's text is spoken by: those that make it fit to hear and the user's pronunciation
// rules for its voice and language. They are saved with the reading (its settings record, part of its
// cache key), so a replay, a seek or a background completion cuts the text exactly as it was spoken.
import { hearingOf, type HearingRules } from '../../shared/hearing-rules';
import { pronunciationOf, type PronunciationRule } from '../../shared/pronunciation';

export interface TextRules {
  hearing?: HearingRules;
  pronunciation?: readonly PronunciationRule[];
}

/** The settings record a reading made by `rules` is saved with ({} for none, as before rules existed). */
export function readingSettings(rules: TextRules): Record<string, unknown> {
  return {
    ...(rules.hearing ? { hearing: rules.hearing } : {}),
    ...(rules.pronunciation?.length ? { pronunciation: rules.pronunciation } : {}),
  };
}

/** The rules a saved reading was made by, from its settings record. */
export function savedTextRules(settings: Record<string, unknown> | undefined): TextRules {
  const hearing = hearingOf(settings);
  const pronunciation = pronunciationOf(settings);
  return { ...(hearing ? { hearing } : {}), ...(pronunciation.length ? { pronunciation } : {}) };
}
