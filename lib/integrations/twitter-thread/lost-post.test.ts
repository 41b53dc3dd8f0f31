import { describe, expect, it } from 'vitest';
import { comparableText } from './lost-post';

describe('comparableText', () => {
  it('matches the text X hands back: URLs shortened to t.co, entities escaped', () => {
    const sent = 'Notes & <tips> at https://example.com/outpost/design-notes?x=1 2/5';
    const fromX = 'Notes &amp; &lt;tips&gt; at https://t.co/AbC123xyz 2/5';
    expect(comparableText(fromX)).toBe(comparableText(sent));
  });

  it('still tells different posts apart', () => {
    expect(comparableText('part 1/5 https://t.co/a')).not.toBe(comparableText('part 2/5 https://example.com'));
  });
});
