import * as twitterText from 'twitter-text';
import type { ParsedTweet } from 'twitter-text';

type ParseTweet = (text: string) => ParsedTweet;

// twitter-text ships a default export only, while its types declare named ones; depending on the
// loader (Node, tsx, vitest) `parseTweet` sits one or two `default`s deep.
function findParseTweet(mod: unknown): ParseTweet {
  let current = mod as { parseTweet?: unknown; default?: unknown } | undefined;
  for (let depth = 0; depth < 3 && current; depth++) {
    if (typeof current.parseTweet === 'function') return current.parseTweet as ParseTweet;
    current = current.default as typeof current;
  }
  throw new Error('twitter-text: parseTweet not found');
}

const parseTweet = findParseTweet(twitterText);

/** X's own rule: at most 280 weighted characters (URLs 23, CJK and emoji 2). */
export function checkTweetLength(text: string): { valid: boolean; weightedLength: number } {
  const parsed = parseTweet(text);
  return { valid: parsed.valid, weightedLength: parsed.weightedLength };
}
