// Whether "text" is really binary data (a program, an image piped by mistake): NUL bytes, or many
// control characters near the start, or undecodable bytes (U+FFFD) making up much of it. Reading it
// aloud would take hours of nonsense. Undecodable bytes alone weigh less: a short Latin-1 text piped
// in ("Café crème à l'été") has many, and is still text.

const SAMPLE_CHARS = 65_536;
/** Above this share of control characters in the sample, it is not text. */
const CONTROL_SHARE = 0.05;
/** Above this share of control and undecodable characters together, it is not text. */
const ODD_SHARE = 0.3;

/** How many odd characters the start of `text` holds, and whether that makes it binary. */
export function looksBinary(text: string): { binary: boolean; odd: number; sampled: number } {
  const sample = text.slice(0, SAMPLE_CHARS);
  let controls = 0;
  let undecodable = 0;
  let nul = false;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) nul = true;
    // Controls but tab, line feed, carriage return, form feed and ESC (terminal colours are text).
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b) controls++;
    else if (c === 0xfffd) undecodable++;
  }
  const odd = controls + undecodable;
  const n = sample.length;
  return { binary: nul || (n > 0 && (controls / n > CONTROL_SHARE || odd / n > ODD_SHARE)), odd, sampled: n };
}
