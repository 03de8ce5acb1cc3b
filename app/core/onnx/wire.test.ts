/** The protobuf wire reader's edge cases, and the UTF-8 decoder behind its strings. */
import { describe, expect, it } from 'vitest';
import { int, varint } from './fixtures/protoWriter';
import { decodeUtf8 } from './utf8';
import { Cursor, WireError } from './wire';

const cursor = (bytes: readonly number[], root = true): Cursor =>
  root ? Cursor.file(new Uint8Array(bytes), 'M') : new Cursor(new Uint8Array([...bytes, 0, 0]), 0, bytes.length, 'M.inner');

function error(read: () => unknown): { kind: string; message: string } {
  try {
    read();
  } catch (e) {
    if (e instanceof WireError) return { kind: e.kind, message: e.message };
    throw e;
  }
  throw new Error('expected a WireError');
}

describe('Cursor', () => {
  it('reads varints of every length as int64', () => {
    for (const n of [0, 1, 127, 128, 300, 2 ** 31, 2 ** 49 + 3, 2 ** 53 - 1, -1, -784]) {
      expect(cursor(varint(n)).varint()).toBe(n);
    }
  });

  it('refuses a varint longer than 10 bytes', () => {
    expect(error(() => cursor(Array(11).fill(0x80)).varint())).toEqual({
      kind: 'malformed',
      message: 'The model file is damaged: a number (varint) is longer than 10 bytes (at byte 0).',
    });
  });

  it('refuses field number 0 and group wire types', () => {
    expect(error(() => cursor([0x00]).tag())).toEqual({ kind: 'malformed', message: 'The model file is damaged: invalid field tag 0 in M (at byte 0).' });
    expect(error(() => cursor([0x0b]).tag())).toEqual({ kind: 'malformed', message: 'The model file is damaged: invalid wire type 3 for field 1 (at byte 0).' });
  });

  it('skips unknown fields of every wire type, and says when one is cut off', () => {
    const c = cursor([...int(9, 300), 0x51, 1, 2, 3, 4, 5, 6, 7, 8, 0x5d, 1, 2, 3, 4, 0x62, 2, 9, 9]);
    while (!c.done()) c.skip(c.tag());
    expect(c.pos).toBe(c.end);
    const cut = cursor([0x51, 1, 2, 3]);
    expect(error(() => cut.skip(cut.tag()))).toEqual({
      kind: 'truncated',
      message: 'The file is truncated: unexpected end of file at byte 4 inside M field 10, expected 5 more bytes. Download or copy the model again.',
    });
  });

  it('inside a message, running out of bytes is damage rather than truncation', () => {
    const inner = cursor([0x51, 1, 2, 3], false);
    expect(error(() => inner.skip(inner.tag()))).toEqual({
      kind: 'malformed',
      message: 'The model file is damaged: M.inner field 10 declares 8 bytes but M.inner has only 3 left (at byte 0).',
    });
  });

  it('reads packed and unpacked repeated ints alike', () => {
    const into: number[] = [];
    const c = cursor([0x0a, 3, 1, 0x90, 0x06, 0x08, 28]);
    while (!c.done()) c.packedInts(c.tag(), 'dims', into);
    expect(into).toEqual([1, 784, 28]);
  });
});

describe('decodeUtf8', () => {
  const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);
  it('decodes what TextDecoder decodes', () => {
    const samples = ['', 'pixels', 'Größe', '图像', '🙂 emoji', 'a\u0000b'];
    for (const s of samples) expect(decodeUtf8(new Uint8Array(Buffer.from(s, 'utf8')))).toBe(s);
    const long = 'x'.repeat(10_000);
    expect(decodeUtf8(new Uint8Array(Buffer.from(long)))).toBe(long);
  });

  it('replaces malformed sequences like TextDecoder', () => {
    for (const b of [bytes(0xff), bytes(0xc3), bytes(0xc0, 0x80), bytes(0xed, 0xa0, 0x80), bytes(0xe4, 0xbd, 0x41), bytes(0xf4, 0x90, 0x80, 0x80)]) {
      expect(decodeUtf8(b)).toBe(new TextDecoder().decode(b));
    }
  });

  it('agrees with TextDecoder on random bytes', () => {
    let state = 0x9e3779b9;
    const next = (): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state >>> 0;
    };
    // Bytes drawn mostly from the interesting ranges: ASCII, continuation bytes and lead bytes.
    const pool = [0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
    for (let n = 0; n < 2000; n++) {
      const b = Uint8Array.from({ length: next() % 12 }, () => (next() % 3 === 0 ? next() % 256 : pool[next() % pool.length]!));
      expect(decodeUtf8(b), Array.from(b).join(',')).toBe(new TextDecoder().decode(b));
    }
  });
});
