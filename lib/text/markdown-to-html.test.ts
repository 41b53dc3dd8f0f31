import { describe, expect, it } from 'vitest';
import { markdownToHtml } from './markdown-to-html';

describe('markdownToHtml', () => {
  it('renders common Markdown', () => {
    expect(markdownToHtml('# Title\n\nSome **bold** and _it_ and `code`.')).toBe(
      '<h1>Title</h1>\n<p>Some <strong>bold</strong> and <em>it</em> and <code>code</code>.</p>\n',
    );
  });

  it('renders GFM lists, tables and strikethrough', () => {
    const html = markdownToHtml('- a\n- ~~b~~\n\n| x | y |\n|---|---|\n| 1 | 2 |');
    expect(html).toContain('<li><del>b</del></li>');
    expect(html).toContain('<td>1</td>');
  });

  it('escapes raw HTML blocks instead of passing them through', () => {
    const html = markdownToHtml('<script>alert(1)</script>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('escapes inline HTML with event handlers', () => {
    const html = markdownToHtml('hello <img src=x onerror="alert(1)"> there');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });

  it('keeps http, https and mailto links', () => {
    const html = markdownToHtml('[a](https://a.example/?x=1&y=2) [b](http://b.example) [c](mailto:c@example.com)');
    expect(html).toContain('<a href="https://a.example/?x=1&amp;y=2">a</a>');
    expect(html).toContain('<a href="http://b.example">b</a>');
    expect(html).toContain('<a href="mailto:c@example.com">c</a>');
  });

  it('drops javascript:, data: and relative links but keeps their text', () => {
    const html = markdownToHtml('[x](javascript:alert(1)) [y](data:text/html,hi) [z](/relative) <javascript:alert(2)>');
    expect(html).not.toContain('<a');
    expect(html).toContain('x y z');
  });

  it('drops images with unsafe sources, keeping the alt text', () => {
    expect(markdownToHtml('![pic](https://img.example/p.png)')).toContain('<img src="https://img.example/p.png" alt="pic">');
    expect(markdownToHtml('![pic](javascript:alert(1))')).toBe('<p>pic</p>\n');
  });
});
