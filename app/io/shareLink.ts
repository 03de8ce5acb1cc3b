/**
 * Results links: a report compressed (deflate, by the browser's CompressionStream) and base64url-encoded
 * into the hash, which browsers never send to a server.
 */
import { validateReport, type SharedReport } from '../core/report';
import type { Result } from '../core/result';

export const REPORT_HASH_PREFIX = '#report=';
/** Refuse to inflate more than this from a link: a tiny hash could otherwise expand into gigabytes. */
const MAX_REPORT_BYTES = 2_000_000;

async function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream, limit = Infinity): Promise<Uint8Array> {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(transform).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new Error('the report is larger than any real one');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

const toBase64Url = (bytes: Uint8Array): string => {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const fromBase64Url = (text: string): Uint8Array => {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
};

export async function encodeReport(report: SharedReport): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(report));
  return REPORT_HASH_PREFIX + toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

/** Null when the hash holds no report; a failure with the reason when it holds a damaged one. */
export async function decodeReport(hash: string): Promise<Result<SharedReport> | null> {
  if (!hash.startsWith(REPORT_HASH_PREFIX)) return null;
  try {
    const packed = fromBase64Url(hash.slice(REPORT_HASH_PREFIX.length));
    const json = new TextDecoder('utf-8', { fatal: true }).decode(await pipe(packed, new DecompressionStream('deflate-raw'), MAX_REPORT_BYTES));
    return validateReport(JSON.parse(json));
  } catch (e) {
    return { ok: false, reason: `The shared report in this link cannot be read (${(e as Error).message}). Was the link cut short?` };
  }
}
