// What the voice picker lists: the voices found by the search, favourites first, then one section per
// language (the listener's languages first, then by name), the natural voices before the cloud ones
// before the built-in one within each, and every provider that offers no voices now with its reason.
import { baseLanguage } from '../app/language-name';
import type { VoiceGroup, VoiceKind } from '../app/voice-choices';

export interface PickerVoice {
  /** The voice key ('piper/en_US-lessac-medium'). */
  key: string;
  name: string;
  /** The provider's name, as the person reads it. */
  provider: string;
  kind: VoiceKind;
  /** How it sounds and where it runs, in a few words. */
  quality: string;
  /** The language's name ('English'); '' when the provider does not say. */
  language: string;
  /** Its base code ('en'), or null when the provider does not say. */
  languageCode: string | null;
}

export interface PickerSection {
  /** Stable and unique: 'favourites', a base language ('en'), or 'other'. */
  id: string;
  title: string;
  voices: PickerVoice[];
}

export interface FailingProvider {
  provider: string;
  name: string;
  problem: string;
}

export interface PickerListOptions {
  query: string;
  favourites: ReadonlySet<string>;
  /** BCP-47 tags whose languages come first, in this order (the text's, the reading voice's, the system's). */
  firstLanguages: readonly string[];
  /** The language the text being read is written in, when known: its section says so. */
  textLanguage?: string | null;
  /** 'fr' -> 'French', in the person's own language. */
  languageName(tag: string): string;
}

const QUALITY: Record<VoiceKind, string> = { natural: 'Natural, offline', cloud: 'Cloud', builtin: 'Robotic, offline' };
const KIND_ORDER: Record<VoiceKind, number> = { natural: 0, cloud: 1, builtin: 2 };


/** Case- and accent-blind, so 'francais' finds 'Français'. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function pickerList(groups: readonly VoiceGroup[], options: PickerListOptions): { sections: PickerSection[]; failing: FailingProvider[] } {
  const words = fold(options.query).split(/\s+/).filter(Boolean);
  const favourites: PickerVoice[] = [];
  const byLanguage = new Map<string, PickerVoice[]>();
  for (const g of groups) {
    for (const v of g.voices) {
      const tag = v.languages[0];
      const voice: PickerVoice = {
        key: `${v.provider}/${v.id}`,
        name: v.name || v.id,
        provider: g.label,
        kind: g.kind,
        quality: QUALITY[g.kind],
        language: tag ? options.languageName(baseLanguage(tag)) : '',
        languageCode: tag ? baseLanguage(tag) : null,
      };
      const haystack = fold(`${voice.name} ${voice.provider} ${voice.quality} ${voice.language} ${tag ?? ''}`);
      if (!words.every((w) => haystack.includes(w))) continue;
      if (options.favourites.has(voice.key)) favourites.push(voice);
      else {
        const id = tag ? baseLanguage(tag) : 'other';
        byLanguage.set(id, [...(byLanguage.get(id) ?? []), voice]);
      }
    }
  }
  const byQuality = (a: PickerVoice, b: PickerVoice) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name);
  const first = [...new Set(options.firstLanguages.map(baseLanguage))];
  const rank = (id: string) => (id === 'other' ? Infinity : first.includes(id) ? first.indexOf(id) - first.length : 0);
  const languages = [...byLanguage.keys()].sort((a, b) => rank(a) - rank(b) || options.languageName(a).localeCompare(options.languageName(b)));
  const sections: PickerSection[] = [];
  if (favourites.length > 0) sections.push({ id: 'favourites', title: 'Favourites', voices: favourites.sort(byQuality) });
  for (const id of languages) {
    const title = id === 'other' ? 'Other voices' : options.languageName(id);
    const ofText = options.textLanguage && baseLanguage(options.textLanguage) === id;
    sections.push({ id, title: ofText ? `${title} · the language of this text` : title, voices: byLanguage.get(id)!.sort(byQuality) });
  }
  const failing = groups.filter((g) => g.problem !== null).map((g) => ({ provider: g.provider, name: g.label, problem: g.problem! }));
  return { sections, failing };
}

/** The failing providers worth a line: all of them, or while searching those whose name the search finds. */
export function failingFor(failing: readonly FailingProvider[], query: string): FailingProvider[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  return failing.filter((f) => words.every((w) => fold(f.name).includes(w)));
}
