import { truncateUtf8 } from '@/lib/http/redact';

export const EXCERPT_BYTES = 2048;

/** At most `maxBytes` of UTF-8 without splitting a character (for attempt logs). */
export function excerpt(text: string, maxBytes = EXCERPT_BYTES): string {
  return Buffer.byteLength(text) <= maxBytes ? text : truncateUtf8(text, maxBytes);
}
