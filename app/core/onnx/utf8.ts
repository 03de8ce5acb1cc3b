/**
 * UTF-8 decoding without TextDecoder: app/core compiles against the ECMAScript library only, and
 * TextDecoder belongs to the DOM and Node. Names in a model are short, so a plain loop is enough.
 */

const REPLACEMENT = 0xfffd;

/**
 * Decodes `bytes[start, end)` as UTF-8, turning malformed sequences into U+FFFD exactly as
 * TextDecoder does (the WHATWG decoder: one replacement per maximal invalid subpart) instead of
 * failing: a model with one bad byte in a name is still a model.
 */
export function decodeUtf8(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const codes: number[] = [];
  let text = '';
  let i = start;
  while (i < end) {
    const lead = bytes[i++]!;
    let code = REPLACEMENT;
    if (lead < 0x80) {
      code = lead;
    } else if (lead >= 0xc2 && lead <= 0xf4) {
      const more = lead < 0xe0 ? 1 : lead < 0xf0 ? 2 : 3;
      // The second byte's range rules out overlong forms, surrogates and values past U+10FFFF.
      const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
      const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
      let value = lead & (0x3f >> more);
      let k = 0;
      for (; k < more && i < end; k++) {
        const b = bytes[i]!;
        if (b < (k === 0 ? low : 0x80) || b > (k === 0 ? high : 0xbf)) break;
        value = (value << 6) | (b & 0x3f);
        i++;
      }
      if (k === more) code = value;
    }
    codes.push(code);
    // Flush in chunks: String.fromCodePoint(...huge array) would overflow the argument limit.
    if (codes.length >= 4096) {
      text += String.fromCodePoint(...codes);
      codes.length = 0;
    }
  }
  return text + String.fromCodePoint(...codes);
}
