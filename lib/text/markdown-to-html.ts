import { Marked, type Tokens } from 'marked';
import { isSafeImageSrc, isSafeLinkHref } from './safe-url';

const escapeHtml = (s: string) =>
  s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;').replace(/'/gu, '&#39;');

// One configured instance: agents' text is untrusted, so raw HTML is shown as text (never passed
// through) and only http/https/mailto links (http/https images) survive; others keep their text.
const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      if (!token.block) return escapeHtml(token.text);
      return `<p>${escapeHtml(token.text.trimEnd())}</p>\n`;
    },
    link(token: Tokens.Link) {
      if (isSafeLinkHref(token.href)) return false;
      return this.parser.parseInline(token.tokens);
    },
    image(token: Tokens.Image) {
      if (isSafeImageSrc(token.href)) return false;
      return escapeHtml(token.text);
    },
  },
});

export function markdownToHtml(md: string): string {
  return marked.parse(md, { async: false });
}
