// The language detector port: which language a text is written in, for the voice that reads it and for
// the reader and voice picker to show. The detector itself runs off the main thread (its data takes a
// while to load: electron/engine/language-detection.ts); the service and the CLI know only this port.

export interface DetectedLanguage {
  /** ISO 639-1 ('en', 'fr'). */
  language: string;
  /** False when the text is too short or too mixed to be sure. */
  reliable: boolean;
}

export interface LanguageDetector {
  /** The text's language, or null when it cannot tell (no letters, an unknown script). */
  detect(text: string): Promise<DetectedLanguage | null>;
  close(): Promise<void>;
}

/** How much of a text is looked at: its language shows in the first few sentences, and a book costs no more. */
export const DETECTION_SAMPLE_CHARS = 1500;

/** The part of `text` a detector looks at: its start, cut at a word boundary. */
export function detectionSample(text: string): string {
  if (text.length <= DETECTION_SAMPLE_CHARS) return text;
  const cut = text.lastIndexOf(' ', DETECTION_SAMPLE_CHARS);
  return text.slice(0, cut > DETECTION_SAMPLE_CHARS / 2 ? cut : DETECTION_SAMPLE_CHARS);
}
