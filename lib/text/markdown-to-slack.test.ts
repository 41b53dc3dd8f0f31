import { describe, expect, it } from 'vitest';
import { markdownToSlack } from './markdown-to-slack';

describe('markdownToSlack', () => {
  it('converts **bold** and __bold__ to *bold*', () => {
    expect(markdownToSlack('**a** and __b__')).toBe('*a* and *b*');
  });

  it('converts *italic* and _italic_ to _italic_', () => {
    expect(markdownToSlack('*a* and _b_')).toBe('_a_ and _b_');
  });

  it('converts ~~strike~~ to ~strike~', () => {
    expect(markdownToSlack('~~gone~~')).toBe('~gone~');
  });

  it('nests italic inside bold', () => {
    expect(markdownToSlack('**bold _both_**')).toBe('*bold _both_*');
  });

  it('converts links to <url|text>', () => {
    expect(markdownToSlack('see [the docs](https://docs.example/a?b=1&c=2)')).toBe(
      'see <https://docs.example/a?b=1&amp;c=2|the docs>',
    );
  });

  it('writes autolinks as <url>', () => {
    expect(markdownToSlack('<https://example.com>')).toBe('<https://example.com>');
  });

  it('keeps only the text of unsafe links', () => {
    expect(markdownToSlack('[click](javascript:alert(1))')).toBe('click');
  });

  it('keeps `|` and `>` in URLs from breaking the link', () => {
    expect(markdownToSlack('[x](https://a.example/?q=a|b)')).toBe('<https://a.example/?q=a%7Cb|x>');
  });

  it('turns headings into bold lines without nested markers', () => {
    expect(markdownToSlack('## Release **notes**\n\nBody')).toBe('*Release notes*\n\nBody');
  });

  it('turns bullet lists into • items and keeps ordered numbers', () => {
    expect(markdownToSlack('- one\n- two')).toBe('• one\n• two');
    expect(markdownToSlack('1. one\n2. two')).toBe('1. one\n2. two');
  });

  it('indents nested lists', () => {
    expect(markdownToSlack('- a\n  - b')).toBe('• a\n    • b');
  });

  it('shows task list checkboxes', () => {
    expect(markdownToSlack('- [ ] todo\n- [x] done')).toBe('• ☐ todo\n• ☑ done');
  });

  it('keeps code spans unconverted, escaping only &, < and >', () => {
    expect(markdownToSlack('run `a **b** <c>`')).toBe('run `a **b** &lt;c&gt;`');
  });

  it('keeps fenced code blocks unconverted', () => {
    expect(markdownToSlack('```js\nif (a < b && _x_) {}\n```')).toBe('```\nif (a &lt; b &amp;&amp; _x_) {}\n```');
  });

  it('escapes &, < and > in text', () => {
    expect(markdownToSlack('AT&T <b>tags</b> 1 > 0')).toBe('AT&amp;T &lt;b&gt;tags&lt;/b&gt; 1 &gt; 0');
  });

  it('neutralises Slack control sequences such as <!channel>', () => {
    expect(markdownToSlack('hey <!channel> and <@U123>')).toBe('hey &lt;!channel&gt; and &lt;@U123&gt;');
  });

  it('decodes Markdown entities before escaping, so nothing is double-escaped', () => {
    expect(markdownToSlack('Fish &amp; chips &lt;3')).toBe('Fish &amp; chips &lt;3');
  });

  it('renders block quotes with > prefixes', () => {
    expect(markdownToSlack('> quoted *line*\n> second')).toBe('> quoted _line_\n> second');
  });

  it('separates paragraphs with a blank line', () => {
    expect(markdownToSlack('one\n\n\n\ntwo')).toBe('one\n\ntwo');
  });
});
