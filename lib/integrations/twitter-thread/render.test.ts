import { describe, expect, it } from 'vitest';
import { tweetWeight } from '@/lib/text/thread-split';
import { renderThread, validateThread } from './render';
import { twitterThreadConfigSchema } from './schema';

const config = twitterThreadConfigSchema.parse({});

function article(): string {
  const paragraph = (n: number) =>
    `Paragraph ${n}: agents ship results, and Outpost delivers them where people read. ` +
    `Every post stays within the limit, and sentences are kept whole whenever they fit. `;
  const text = [
    `Launch notes 🚀 for the output service. Read the design at https://example.com/outpost/design-notes-2025 first.`,
    ...[1, 2, 3, 4, 5, 6, 7, 8].map(paragraph),
    `The changelog lives at https://example.org/changelog?release=1.0 and more is coming soon.`,
  ].join('\n\n');
  return text;
}

describe('twitter-thread render', () => {
  it('keeps a short text as one post without numbering', () => {
    expect(renderThread('  Hello world  ', config)).toEqual({ text: 'Hello world', posts: ['Hello world'] });
  });

  it('splits a 1,500-character article into numbered posts of at most 280 weighted characters', () => {
    const text = article();
    expect(text.length).toBeGreaterThanOrEqual(1400);
    const { posts } = renderThread(text, config);
    expect(posts.length).toBeGreaterThan(5);
    posts.forEach((post, i) => {
      expect(tweetWeight(post)).toBeLessThanOrEqual(280);
      expect(post.endsWith(` ${i + 1}/${posts.length}`)).toBe(true);
    });
    expect(posts.join(' ')).toContain('https://example.com/outpost/design-notes-2025');
    expect(posts.join(' ')).toContain('https://example.org/changelog?release=1.0');
    expect(validateThread(renderThread(text, config))).toEqual([]);
  });

  it('leaves numbering out when config.numbering is false', () => {
    const { posts } = renderThread(article(), { ...config, numbering: false });
    expect(posts.some((p) => /\d+\/\d+$/.test(p))).toBe(false);
  });
});

describe('twitter-thread validate', () => {
  it('reports empty text on the template', () => {
    expect(validateThread(renderThread('   \n ', config))).toEqual([{ path: 'template', message: expect.stringContaining('empty') }]);
  });

  it('reports a thread longer than config.maxPosts on the template, naming the limit', () => {
    const issues = validateThread(renderThread(article(), { ...config, maxPosts: 2 }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'template', message: expect.stringMatching(/at most 2.*config\.maxPosts is 2/) });
  });

  it('reports a post over 280 weighted characters by index', () => {
    expect(validateThread({ text: '', posts: ['ok', '界'.repeat(141)] })).toEqual([{ path: 'posts[1]', message: 'weighted length 282 exceeds 280' }]);
  });
});

describe('twitter-thread config', () => {
  it('defaults numbering on and 25 posts', () => {
    expect(config).toMatchObject({ numbering: true, maxPosts: 25 });
  });
  it('refuses maxPosts outside 1–25', () => {
    expect(twitterThreadConfigSchema.safeParse({ maxPosts: 26 }).success).toBe(false);
    expect(twitterThreadConfigSchema.safeParse({ maxPosts: 0 }).success).toBe(false);
  });
});
