import { describe, expect, it } from 'vitest';
import { markdownToDiscord } from './markdown-to-discord';

describe('markdownToDiscord', () => {
  it('keeps headings 1 to 3 as # lines', () => {
    expect(markdownToDiscord('# One\n\n## Two\n\n### Three')).toBe('# One\n\n## Two\n\n### Three');
  });

  it('turns deeper headings into bold lines', () => {
    expect(markdownToDiscord('#### Fixes\n\n###### Tiny')).toBe('**Fixes**\n\n**Tiny**');
  });

  it('keeps bold, italic, strike and code spans', () => {
    expect(markdownToDiscord('**b** _i_ ~~s~~ `c`')).toBe('**b** *i* ~~s~~ `c`');
  });

  it('writes setext headings as # lines too', () => {
    expect(markdownToDiscord('Title\n=====\n\nSub\n---')).toBe('# Title\n\n## Sub');
  });

  it('turns a table into an aligned code block', () => {
    const table = '| Name | Score |\n|---|---:|\n| **Ada** | 9 |\n| Grace | 10 |';
    expect(markdownToDiscord(table)).toBe('```\nName  | Score\n------|------\nAda   | 9\nGrace | 10\n```');
  });

  it('turns images into masked links, and images without alt text into "image" links', () => {
    expect(markdownToDiscord('![Chart](https://example.com/c.png) and ![](https://example.com/d.png)')).toBe(
      '[Chart](https://example.com/c.png) and [image](https://example.com/d.png)',
    );
  });

  it('keeps masked links, and only the text of unsafe ones', () => {
    expect(markdownToDiscord('[docs](https://example.com/a_(b)) [x](javascript:alert(1))')).toBe('[docs](https://example.com/a_(b%29) x');
  });

  it('writes bare URLs as they are', () => {
    expect(markdownToDiscord('see https://example.com')).toBe('see https://example.com');
  });

  it('keeps lists, nesting with two spaces, and ordered numbers', () => {
    expect(markdownToDiscord('- a\n  - b\n- c\n\n3. x\n4. y')).toBe('- a\n  - b\n- c\n\n3. x\n4. y');
  });

  it('keeps code blocks with their language, and cannot be closed early by the code', () => {
    expect(markdownToDiscord('```js\nlet a = "```";\n```')).toBe('```js\nlet a = "`\u200b``";\n```');
  });

  it('keeps block quotes', () => {
    expect(markdownToDiscord('> quoted **line**\n> more')).toBe('> quoted **line**\n> more');
  });

  it('decodes entities rather than showing them', () => {
    expect(markdownToDiscord('Fish &amp; chips')).toBe('Fish & chips');
  });
});
