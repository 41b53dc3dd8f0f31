import * as twitterTextModule from 'twitter-text';
import type { ParsedTweet, UrlWithIndices } from 'twitter-text';

interface TwitterTextApi {
  parseTweet(text: string): ParsedTweet;
  extractUrlsWithIndices(text: string): UrlWithIndices[];
}

// twitter-text ships only a default export (CJS and ESM builds), while its types declare named
// exports; depending on the loader (Node, vitest, Next bundler) the API sits one or two levels deep.
function resolveApi(mod: unknown): TwitterTextApi {
  let current: unknown = mod;
  for (let depth = 0; depth < 3 && current; depth++) {
    const candidate = current as Partial<TwitterTextApi> & { default?: unknown };
    if (typeof candidate.parseTweet === 'function' && typeof candidate.extractUrlsWithIndices === 'function') {
      return candidate as TwitterTextApi;
    }
    current = candidate.default;
  }
  throw new Error('twitter-text: parseTweet not found in module');
}

const api = resolveApi(twitterTextModule);

export const parseTweet = (text: string): ParsedTweet => api.parseTweet(text);
export const extractUrlsWithIndices = (text: string): UrlWithIndices[] => api.extractUrlsWithIndices(text);
