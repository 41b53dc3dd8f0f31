import { describe, expect, it } from 'vitest';
import { MAX_OUTPUT_BYTES, parseTemplate, renderTemplate, TemplateError } from './engine';

async function renderError(source: string, context: Record<string, unknown> = {}, timeoutMs?: number) {
  try {
    await renderTemplate(source, context, { timeoutMs });
  } catch (err) {
    return err as TemplateError;
  }
  throw new Error('expected the render to fail');
}

describe('renderTemplate', () => {
  it('renders variables from the context', async () => {
    expect(await renderTemplate('Hello {{ input.name }}!', { input: { name: 'Ada' } })).toBe('Hello Ada!');
  });

  it('renders the same template repeatedly with different contexts (cached parse)', async () => {
    const source = '{{ n | plus: 1 }}';
    expect(await renderTemplate(source, { n: 1 })).toBe('2');
    expect(await renderTemplate(source, { n: 41 })).toBe('42');
  });

  it('fails on an undefined variable, pointing at line and column', async () => {
    const error = await renderError('Title:\n    {{ input.titl }}', { input: { title: 'x' } });
    expect(error).toBeInstanceOf(TemplateError);
    expect(error.kind).toBe('render');
    expect(error.line).toBe(2);
    expect(error.column).toBe(8);
    expect(error.message).toBe('undefined variable: input.titl (line 2, column 8)');
  });

  it('treats a missing variable in an if tag as false', async () => {
    expect(await renderTemplate('{% if input.subtitle %}sub{% else %}none{% endif %}', { input: {} })).toBe('none');
  });

  it('does not read inherited properties', async () => {
    const error = await renderError('{{ input.constructor }}', { input: {} });
    expect(error.message).toMatch(/^undefined variable: input.constructor/u);
  });

  it('refuses include, render and layout (no file system)', () => {
    for (const tag of ['{% include "x" %}', '{% render "x" %}', '{% layout "x" %}']) {
      const result = parseTemplate(tag);
      expect(result.ok).toBe(false);
    }
  });

  it('stops output past 256 KiB', async () => {
    // Few iterations of a long literal: on a busy machine a 300,000-step loop can hit the time limit first.
    const error = await renderError(`{% for i in (1..300) %}${'x'.repeat(1024)}{% endfor %}`);
    expect(error.kind).toBe('limit');
    expect(error.message).toMatch(/^output larger than 256 KiB/u);
    expect(MAX_OUTPUT_BYTES).toBe(256 * 1024);
  });

  it('allows output right up to the cap', async () => {
    const out = await renderTemplate(`{% for i in (1..${MAX_OUTPUT_BYTES / 4}) %}abcd{% endfor %}`, {});
    expect(out.length).toBe(MAX_OUTPUT_BYTES);
  });

  it('gives up on a huge loop quickly', async () => {
    const started = Date.now();
    const error = await renderError('{% for i in (1..100000000) %}{% endfor %}', {}, 200);
    expect(error.kind).toBe('limit');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stops a render that runs past its time limit', async () => {
    const source = '{% for i in (1..3000) %}{% for j in (1..3000) %}{% assign x = j %}{% endfor %}{% endfor %}';
    const started = Date.now();
    const error = await renderError(source, {}, 100);
    expect(error.kind).toBe('limit');
    expect(error.message).toMatch(/^render time limit exceeded/u);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('reports errors thrown inside filters with their position', async () => {
    const error = await renderError('ok\n{{ input.text | tweet_split: max_posts: 1 }}', {
      input: { text: 'A sentence that is long enough. '.repeat(30) },
    });
    expect(error.kind).toBe('render');
    expect(error.message).toMatch(/text needs \d+ posts, but a thread may have at most 1 \(line 2, column 1\)/u);
  });
});

describe('filters', () => {
  it('markdown_to_discord rewrites Markdown into the subset Discord renders', async () => {
    expect(await renderTemplate('{{ t | markdown_to_discord }}', { t: '#### Fixes\n\n![chart](https://x.example/c.png)' })).toBe('**Fixes**\n\n[chart](https://x.example/c.png)');
  });

  it('markdown_to_text keeps only the words', async () => {
    expect(await renderTemplate('{{ t | markdown_to_text }}', { t: '**Done** with [docs](https://x.example)' })).toBe('Done with docs');
  });

  it('date formats in an IANA time zone (UTC by default), daylight saving included', async () => {
    const ctx = { winter: '2026-01-15T12:00:00Z', summer: '2026-07-15T12:00:00Z' };
    expect(await renderTemplate('{{ winter | date: "%Y-%m-%d %H:%M" }}', ctx)).toBe('2026-01-15 12:00');
    expect(await renderTemplate('{{ winter | date: "%H:%M", "Europe/Berlin" }} {{ summer | date: "%H:%M", "Europe/Berlin" }}', ctx)).toBe('13:00 14:00');
    expect(await renderTemplate('{{ winter | date: "%H:%M", "America/New_York" }}', ctx)).toBe('07:00');
  });

  it('date names an unknown time zone with line and column', async () => {
    const error = await renderError('x\n{{ d | date: "%H", "Mars/Olympus" }}', { d: '2026-01-15T12:00:00Z' });
    expect(error.message).toMatch(/Invalid time zone specified: Mars\/Olympus \(line 2, column 1\)/u);
  });

  it('default covers a missing variable, nil, false and empty text, even in strict mode', async () => {
    expect(await renderTemplate('{{ input.missing | default: "n/a" }}|{{ input.none | default: "-" }}|{{ input.empty | default: "e" }}', { input: { none: null, empty: '' } })).toBe('n/a|-|e');
    expect((await renderError('{{ input.missing }}', { input: {} })).message).toMatch(/undefined variable: input.missing/u);
  });

  it('markdown_to_slack converts Markdown to mrkdwn', async () => {
    expect(await renderTemplate('{{ t | markdown_to_slack }}', { t: '**hi** [x](https://x.example)' })).toBe(
      '*hi* <https://x.example|x>',
    );
  });

  it('markdown_to_html converts Markdown to safe HTML', async () => {
    expect(await renderTemplate('{{ t | markdown_to_html }}', { t: '*hi* <script>' })).toBe(
      '<p><em>hi</em> &lt;script&gt;</p>\n',
    );
  });

  it('json produces valid JSON for strings with quotes, newlines and unicode', async () => {
    const title = 'He said "hi"\n\t\\ ✓ </script>';
    const out = await renderTemplate('{"title": {{ input.title | json }}, "n": {{ input.n | json }}}', {
      input: { title, n: 3 },
    });
    expect(JSON.parse(out)).toEqual({ title, n: 3 });
  });

  it('json serialises objects and nil', async () => {
    expect(await renderTemplate('{{ o | json }}|{{ nil | json }}', { o: { a: [1, 'b'] } })).toBe('{"a":[1,"b"]}|null');
  });

  it('truncate_words keeps the first n words', async () => {
    expect(await renderTemplate('{{ t | truncate_words: 3 }}', { t: 'one two three four five' })).toBe('one two three...');
  });

  it('tweet_split returns the posts array', async () => {
    const text = 'A sentence that is long enough to matter. '.repeat(12);
    const out = await renderTemplate('{{ t | tweet_split | size }}|{{ t | tweet_split | first }}', { t: text });
    const [count, first] = out.split('|');
    expect(Number(count)).toBeGreaterThan(1);
    expect(first).toMatch(new RegExp(` 1/${count}$`, 'u'));
  });

  it('tweet_split accepts numbering: false', async () => {
    const text = 'A sentence that is long enough to matter. '.repeat(12);
    const out = await renderTemplate('{{ t | tweet_split: numbering: false | first }}', { t: text });
    expect(out).toMatch(/matter\.$/u);
  });

  it('rejects unknown filters at parse time', () => {
    const result = parseTemplate('{{ x | no_such_filter }}');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind).toBe('parse');
      expect(result.error.message).toBe('undefined filter: no_such_filter (line 1, column 1)');
    }
  });
});

describe('parseTemplate', () => {
  it('accepts a valid template', () => {
    expect(parseTemplate('{% if a %}{{ a | upcase }}{% endif %}')).toEqual({ ok: true });
  });

  it('reports an unclosed tag with its position', () => {
    const result = parseTemplate('line one\n{% if a %}never closed');
    expect(result).toMatchObject({ ok: false, error: { kind: 'parse', line: 2, column: 1 } });
  });

  it('reports a malformed expression with its position', () => {
    const result = parseTemplate('\n  {% if x = 1 %}y{% endif %}');
    expect(result).toMatchObject({ ok: false, error: { kind: 'parse', line: 2, column: 12 } });
    if (!result.ok) expect(result.error.message).toBe('expected "|" before filter (line 2, column 12)');
  });

  it('refuses templates longer than the parse limit', () => {
    const result = parseTemplate('x'.repeat(300 * 1024));
    expect(result).toMatchObject({ ok: false, error: { kind: 'limit' } });
  });
});
