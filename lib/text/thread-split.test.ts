import { describe, expect, it } from 'vitest';
import { splitThread, ThreadTooLongError, tweetWeight } from './thread-split';
import { parseTweet } from './twitter-text';

const URL_A = 'https://example.com/articles/2025/how-we-ship-agent-results-to-every-channel?utm_source=outpost';
const URL_B = 'https://docs.example.org/guides/threads#numbering-and-limits';

// ~1,500 characters: three paragraphs, two long URLs, one emoji.
const ARTICLE = [
  'Agents finish their work long before anyone reads it. The last mile is delivery: a Slack message, a ' +
    'Discord post, a WordPress draft or a thread on X. Each channel has its own limits and quirks, and an ' +
    'agent should not have to learn any of them. That is the whole point of Outpost 🚀 and the reason it exists. ' +
    'Teams plug it in once, point their agents at it, and stop writing glue code for every new destination.',
  `We wrote up the design in detail at ${URL_A} and it covers retries, rate limits and idempotency. ` +
    'Threads are the trickiest output: posts are limited to 280 weighted characters, links always count ' +
    'as 23, and wide characters count double. Splitting must respect paragraphs first, then sentences, ' +
    'then words, and a link must never be cut in half, otherwise it would simply stop working for readers.',
  'Numbering is optional. When it is on, every post ends with its position, and the width of that ' +
    'suffix depends on the total, so the splitter recomputes until the count is stable. When the text ' +
    'needs more posts than allowed, the task fails early with a clear message instead of posting half a ' +
    `thread. The reference for the limits lives at ${URL_B} for anyone who wants the details. Shipping ` +
    'the last mile well is what makes agent output useful, and it is what we care about most of all here. ' +
    'Everything else, from scheduling to batching and dependencies, builds on that simple promise to agents.',
].join('\n\n');

const stripNumbering = (post: string) => post.replace(/ \d+\/\d+$/u, '');
const words = (s: string) => s.split(/\s+/u).filter(Boolean);

describe('tweetWeight', () => {
  it('counts URLs as 23 whatever their length', () => {
    expect(tweetWeight(URL_A)).toBe(23);
  });

  it('counts CJK characters and emoji as 2', () => {
    expect(tweetWeight('日本語')).toBe(6);
    expect(tweetWeight('🚀')).toBe(2);
    expect(tweetWeight('abc')).toBe(3);
  });
});

describe('splitThread', () => {
  it('returns a short text as one post without numbering', () => {
    expect(splitThread('  Hello world.  ').posts).toEqual(['Hello world.']);
  });

  it('returns no posts for blank text', () => {
    expect(splitThread(' \n ').posts).toEqual([]);
  });

  it('numbers every post of a long article with i/n', () => {
    expect(ARTICLE.length).toBeGreaterThanOrEqual(1500);
    const { posts } = splitThread(ARTICLE);
    expect(posts.length).toBeGreaterThan(1);
    posts.forEach((post, i) => expect(post.endsWith(` ${i + 1}/${posts.length}`)).toBe(true));
  });

  it('keeps every post within 280 weighted characters, numbering included', () => {
    for (const post of splitThread(ARTICLE).posts) {
      expect(parseTweet(post).weightedLength).toBeLessThanOrEqual(280);
      expect(parseTweet(post).valid).toBe(true);
    }
  });

  it('keeps URLs intact', () => {
    const posts = splitThread(ARTICLE).posts;
    expect(posts.filter((p) => p.includes(URL_A))).toHaveLength(1);
    expect(posts.filter((p) => p.includes(URL_B))).toHaveLength(1);
  });

  it('preserves the words and their order', () => {
    const posts = splitThread(ARTICLE).posts.map(stripNumbering);
    expect(words(posts.join(' '))).toEqual(words(ARTICLE));
  });

  it('gives each paragraph its own post when paragraphs fit', () => {
    const paragraphs = ['First paragraph. ', 'Second paragraph. ', 'Third paragraph. '].map((p) => p.repeat(9).trim());
    const { posts } = splitThread(paragraphs.join('\n\n'), { numbering: false });
    expect(posts).toEqual(paragraphs);
  });

  it('prefers sentence boundaries over word boundaries', () => {
    const sentence = 'This sentence is exactly long enough to matter here. ';
    const { posts } = splitThread(sentence.repeat(12), { numbering: false });
    for (const post of posts) expect(post.endsWith('.')).toBe(true);
  });

  it('leaves numbering off when asked', () => {
    const { posts } = splitThread(ARTICLE, { numbering: false });
    expect(posts.length).toBeGreaterThan(1);
    for (const post of posts) {
      expect(post).not.toMatch(/ \d+\/\d+$/u);
      expect(tweetWeight(post)).toBeLessThanOrEqual(280);
    }
    expect(words(posts.join(' '))).toEqual(words(ARTICLE));
  });

  it('trims whitespace and never produces empty posts', () => {
    const { posts } = splitThread(`${'word '.repeat(120)}\n\n\n\n   ${'more '.repeat(80)}`);
    for (const post of posts) {
      expect(post).toBe(post.trim());
      expect(stripNumbering(post).trim()).not.toBe('');
    }
  });

  it('widens the numbering suffix when the count reaches two digits', () => {
    const text = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} carries a bit of text to fill posts.`).join(' ');
    const { posts } = splitThread(text);
    expect(posts.length).toBeGreaterThanOrEqual(10);
    expect(posts[0]).toMatch(new RegExp(` 1/${posts.length}$`, 'u'));
    for (const post of posts) expect(tweetWeight(post)).toBeLessThanOrEqual(280);
  });

  it('throws ThreadTooLongError naming the needed count and the maximum', () => {
    let error: unknown;
    try {
      splitThread(ARTICLE, { maxPosts: 2 });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ThreadTooLongError);
    const needed = splitThread(ARTICLE).posts.length;
    expect((error as ThreadTooLongError).needed).toBe(needed);
    expect((error as ThreadTooLongError).message).toBe(`text needs ${needed} posts, but a thread may have at most 2`);
  });

  it('stops counting early for absurdly long texts', () => {
    expect(() => splitThread('word '.repeat(20_000), { maxPosts: 3 })).toThrow(/needs at least \d+ posts.*at most 3/u);
  });

  it('weights CJK characters double, so CJK posts hold about 140 characters', () => {
    const sentence = '今日はとても良い天気です。散歩に行きましょう。';
    const { posts } = splitThread(sentence.repeat(20), { numbering: false });
    expect(posts.length).toBeGreaterThan(1);
    for (const post of posts) {
      expect(tweetWeight(post)).toBeLessThanOrEqual(280);
      expect(Array.from(post).length).toBeLessThanOrEqual(140);
      expect(post.endsWith('。')).toBe(true);
    }
    expect(posts.join('')).toBe(sentence.repeat(20));
  });

  it('hard-splits a single word longer than a post by grapheme', () => {
    const word = '🚀'.repeat(200);
    const { posts } = splitThread(word, { numbering: false });
    expect(posts.length).toBe(2);
    expect(posts.join('')).toBe(word);
    for (const post of posts) expect(tweetWeight(post)).toBeLessThanOrEqual(280);
  });

  it('never cuts a URL inside a word that must be hard-split', () => {
    const glued = `(${URL_A})${'y'.repeat(300)}`;
    const { posts } = splitThread(glued, { numbering: false });
    expect(posts.join('')).toBe(glued);
    expect(posts.some((p) => p.includes(URL_A))).toBe(true);
  });

  it('respects a custom maxWeight', () => {
    const { posts } = splitThread(ARTICLE, { maxWeight: 100 });
    for (const post of posts) expect(tweetWeight(post)).toBeLessThanOrEqual(100);
  });
});
