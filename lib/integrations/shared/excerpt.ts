export const EXCERPT_BYTES = 2048;

/** At most `maxBytes` of UTF-8 without splitting a character (for attempt logs). */
export function excerpt(text: string, maxBytes = EXCERPT_BYTES): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}
