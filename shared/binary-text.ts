// Whether "text" is really binary data (a program, an image piped by mistake): NUL bytes, or many
// control characters or undecodable bytes (U+FFFD) near the start. Reading it aloud would take hours
// of nonsense.

const SAMPLE_CHARS = 65_536;
/** Above this share of odd characters in the sample, it is not text. */
const ODD_SHARE = 0.05;

/** How many odd characters the start of `text` holds, and whether that makes it binary. */
export function looksBinary(text: string): { binary: boolean; odd: number; sampled: number } {
  const sample = text.slice(0, SAMPLE_CHARS);
  let odd = 0;
  let nul = false;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) nul = true;
    // Controls but tab, line feed, carriage return, form feed and ESC (terminal colours are text).
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b) || c === 0xfffd) odd++;
  }
  return { binary: nul || (sample.length > 0 && odd / sample.length > ODD_SHARE), odd, sampled: sample.length };
}
