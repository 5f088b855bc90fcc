// Which natural voice to suggest to a person, and which voice an installed one reads with. Settings'
// catalogue marks the suggestion; the first-run guide installs it in one click.
import type { CatalogueNaturalVoice, InstalledNaturalVoice } from '../../../shared/natural-voices-ipc';
import { baseLanguage } from '../app/language-name';

/**
 * For English, Kokoro's smallest variant (the best small English model, faster than real time on a
 * laptop); for another language, its first medium-quality Piper voice. Null when nothing fits or it is
 * installed already.
 */
export function suggestedVoice(voices: readonly CatalogueNaturalVoice[], ownLanguage: string): CatalogueNaturalVoice | null {
  const own = baseLanguage(ownLanguage);
  const kokoro = own === 'en' ? voices.find((v) => v.family === 'kokoro' && v.quality === 'q8' && !v.installed) : undefined;
  return kokoro ?? voices.find((v) => v.family === 'piper' && baseLanguage(v.language) === own && v.quality === 'medium' && !v.installed) ?? null;
}

/** The voice an installed entry reads with: a Piper voice (its first speaker), Kokoro's Heart or first voice. */
export function installedVoiceKey(v: InstalledNaturalVoice): string {
  if (v.family === 'kokoro') return `kokoro/${v.speakers.includes('af_heart') ? 'af_heart' : (v.speakers[0] ?? '')}`;
  return `piper/${v.key}${v.speakers[0] ? `#${v.speakers[0]}` : ''}`;
}
