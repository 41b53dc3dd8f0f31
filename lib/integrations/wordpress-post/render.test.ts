import { describe, expect, it } from 'vitest';
import type { RenderedBody, TemplateContext } from '@/lib/integrations/types';
import { renderTemplate } from '@/lib/templates/engine';
import { classifyWpResponse } from './classify';
import { renderPost, validatePost } from './render';
import { wordpressConfigSchema } from './schema';
import { deriveSlug, slugify } from './slug';

const context: TemplateContext = { input: { title: 'Résumé & Notes', body: '# Hi\n\nSome *text*.' }, deps: {}, task: { id: null, name: null } };
// In-process renders: these tests are about the post, not about isolation.
const body = (text: string): RenderedBody => ({ body: text, context, renderLiquid: (source) => renderTemplate(source, context) });
const config = (extra: Record<string, unknown> = {}) => wordpressConfigSchema.parse({ title: '{{ input.title }}', ...extra });

describe('wordpress-post render', () => {
  it('renders the title with Liquid and converts markdown content to HTML', async () => {
    const payload = await renderPost(body('# Hi\n\nSome *text*.'), config({ categories: ['News'], tags: ['a', 'b'] }));
    expect(payload).toEqual({ title: 'Résumé & Notes', content: '<h1>Hi</h1>\n<p>Some <em>text</em>.</p>\n', categories: ['News'], tags: ['a', 'b'] });
    expect(validatePost(payload)).toEqual([]);
  });

  it('passes HTML content through when contentFormat is html', async () => {
    const payload = await renderPost(body('<p>raw</p>'), config({ contentFormat: 'html' }));
    expect(payload.content).toBe('<p>raw</p>');
  });

  it('renders the excerpt with the same context', async () => {
    const payload = await renderPost(body('x'), config({ excerpt: 'About {{ input.title }}' }));
    expect(payload.excerpt).toBe('About Résumé & Notes');
  });

  it('reports a title that fails to render on config.title', async () => {
    const payload = await renderPost(body('x'), config({ title: '{{ input.missing.deeper }}' }));
    expect(validatePost(payload)).toEqual([{ path: 'config.title', message: expect.any(String) }]);
  });

  it('reports an empty rendered title on config.title', async () => {
    const payload = await renderPost(body('x'), config({ title: '{{ "" }}' }));
    expect(validatePost(payload)).toEqual([{ path: 'config.title', message: 'rendered title is empty' }]);
  });
});

describe('wordpress-post config', () => {
  it('defaults to markdown content and creating missing terms', () => {
    expect(config()).toMatchObject({ contentFormat: 'markdown', createTerms: true, timeoutMs: 10_000 });
  });
  it('refuses a slug WordPress would rewrite', () => {
    expect(wordpressConfigSchema.safeParse({ title: 't', slug: 'Hello World' }).success).toBe(false);
  });
  it('requires a title', () => {
    expect(wordpressConfigSchema.safeParse({}).success).toBe(false);
  });
});

describe('wordpress-post slugs', () => {
  it('slugifies like sanitize_title', () => expect(slugify('Résumé & Notes: 2025!')).toBe('resume-notes-2025'));
  it('derives title + the end of the task id', () => {
    expect(deriveSlug('Launch Day', '3f2c9a4e-1b2c-4d5e-8f90-a1b2c3d4e5f6')).toBe('launch-day-c3d4e5f6');
  });
  it('falls back to "post" for titles without letters', () => expect(deriveSlug('🚀', 'abcdef12')).toBe('post-abcdef12'));
});

describe('classifyWpResponse', () => {
  const answer = (status: number, code?: string, headers: Record<string, string> = {}) =>
    classifyWpResponse({ status, headers, body: JSON.stringify({ code, message: 'm', data: { status } }) });
  it('2xx succeeds', () => expect(answer(201)).toBeNull());
  it('401 incorrect_password is auth_expired (revoked: the connection needs a new password)', () => {
    expect(answer(401, 'incorrect_password')).toMatchObject({ type: 'auth_expired', reason: expect.stringContaining('incorrect_password') });
  });
  it('401 rest_not_logged_in is auth_expired', () => expect(answer(401, 'rest_not_logged_in')?.type).toBe('auth_expired'));
  it('403 rest_cannot_create is permanent', () => expect(answer(403, 'rest_cannot_create')?.type).toBe('permanent'));
  it('400 rest_invalid_param is permanent', () => expect(answer(400, 'rest_invalid_param')?.type).toBe('permanent'));
  it('429 waits for Retry-After', () => expect(answer(429, 'x', { 'retry-after': '5' })).toMatchObject({ type: 'rate_limited', retryAfterMs: 5000 }));
  it('5xx and HTML error pages retry', () => {
    expect(answer(500, 'internal_server_error')?.type).toBe('retryable');
    expect(classifyWpResponse({ status: 502, headers: {}, body: '<html>Bad gateway</html>' })?.type).toBe('retryable');
  });
});
