/** Bytes as text where only ASCII matters (headers, numbers): app/core has no TextDecoder (no DOM, no Node). */
export function asciiText(bytes: Uint8Array, limit = 1 << 20): string {
  const parts: string[] = [];
  const end = Math.min(bytes.length, limit);
  for (let i = 0; i < end; i += 8192) parts.push(String.fromCharCode(...bytes.subarray(i, Math.min(end, i + 8192))));
  return parts.join('');
}
