import { Lexer, type Token, type Tokens } from 'marked';
import { decodeEntities } from './html-entities';
import { isSafeImageSrc, isSafeLinkHref } from './safe-url';

// Kept on purpose instead of the slackify-markdown package (5.0.0), which passed 4 of this file's
// 19 tests: it lets `<!channel>`, `<@U…>` and raw HTML through (an agent's text could ping a whole
// channel), leaves `&`/`<`/`>` unescaped in links and code, wraps every bold/italic/strike in
// zero-width spaces (invisible bytes in what users copy), nests `*` inside bold headings and
// prints task lists as `[ ]`.

// Slack mrkdwn treats only these three as control characters; everything else is literal.
const escapeSlack = (s: string) => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');

// Slack only knows its own three entities, so resolve the common ones before escaping, else a
// reader sees `&amp;amp;`.
const escapeText = (s: string) => escapeSlack(decodeEntities(s));

// Inside `<url|label>` a `|` or `>` in the URL would end the link early.
const slackUrl = (href: string) => escapeSlack(href.trim()).replace(/\|/gu, '%7C');

interface InlineState {
  inBold: boolean;
  inItalic: boolean;
}

const TOP: InlineState = { inBold: false, inItalic: false };

function plainText(tokens: readonly Token[] | undefined, fallback: string): string {
  if (!tokens) return fallback;
  return tokens
    .map((t) => {
      if (t.type === 'codespan' || t.type === 'escape') return (t as Tokens.Codespan).text;
      const children = (t as Tokens.Generic).tokens as Token[] | undefined;
      return children ? plainText(children, '') : decodeEntities((t as Tokens.Generic).text ?? '');
    })
    .join('');
}

function renderLink(token: Tokens.Link, state: InlineState): string {
  if (!isSafeLinkHref(token.href)) return renderInline(token.tokens, state);
  const label = plainText(token.tokens, token.text);
  if (label === token.href || label === '') return `<${slackUrl(token.href)}>`;
  return `<${slackUrl(token.href)}|${escapeSlack(label)}>`;
}

function renderImage(token: Tokens.Image): string {
  if (!isSafeImageSrc(token.href)) return escapeText(token.text);
  return token.text ? `<${slackUrl(token.href)}|${escapeText(token.text)}>` : `<${slackUrl(token.href)}>`;
}

function wrap(marker: string, inner: string): string {
  return inner.trim() === '' ? inner : `${marker}${inner}${marker}`;
}

function renderInline(tokens: readonly Token[] | undefined, state: InlineState): string {
  if (!tokens) return '';
  return tokens.map((token) => renderInlineToken(token, state)).join('');
}

function renderInlineToken(token: Token, state: InlineState): string {
  switch (token.type) {
    case 'text': {
      const t = token as Tokens.Text;
      return t.tokens ? renderInline(t.tokens, state) : escapeText(t.text);
    }
    case 'escape':
      return escapeSlack((token as Tokens.Escape).text);
    case 'strong': {
      const inner = renderInline((token as Tokens.Strong).tokens, { ...state, inBold: true });
      return state.inBold ? inner : wrap('*', inner);
    }
    case 'em': {
      const inner = renderInline((token as Tokens.Em).tokens, { ...state, inItalic: true });
      return state.inItalic ? inner : wrap('_', inner);
    }
    case 'del':
      return wrap('~', renderInline((token as Tokens.Del).tokens, state));
    case 'codespan':
      return `\`${escapeSlack((token as Tokens.Codespan).text)}\``;
    case 'br':
      return '\n';
    case 'link':
      return renderLink(token as Tokens.Link, state);
    case 'image':
      return renderImage(token as Tokens.Image);
    case 'checkbox':
      return (token as Tokens.Checkbox).checked ? '☑ ' : '☐ ';
    case 'html':
      return escapeSlack((token as Tokens.HTML).text);
    default:
      return escapeText(token.raw);
  }
}

const INDENT = '    ';

function renderList(list: Tokens.List, depth: number): string {
  const start = typeof list.start === 'number' ? list.start : 1;
  return list.items
    .map((item, index) => {
      const bullet = list.ordered ? `${start + index}. ` : '• ';
      return INDENT.repeat(depth) + bullet + renderListItem(item, depth);
    })
    .join('\n');
}

function renderListItem(item: Tokens.ListItem, depth: number): string {
  let out = '';
  for (const token of item.tokens) {
    if (token.type === 'list') {
      out += `\n${renderList(token as Tokens.List, depth + 1)}`;
    } else if (token.type === 'checkbox' || token.type === 'text') {
      out += renderInlineToken(token, TOP);
    } else {
      const block = renderBlock(token, depth);
      if (block !== '') out += out === '' || out.endsWith(' ') ? block : `\n${INDENT.repeat(depth + 1)}${block}`;
    }
  }
  return out;
}

function renderTable(table: Tokens.Table): string {
  const row = (cells: Tokens.TableCell[]) => cells.map((c) => renderInline(c.tokens, TOP)).join(' | ');
  return [row(table.header), ...table.rows.map(row)].join('\n');
}

function renderBlock(token: Token, depth = 0): string {
  switch (token.type) {
    case 'space':
    case 'def':
      return '';
    case 'paragraph':
    case 'text': {
      const t = token as Tokens.Paragraph | Tokens.Text;
      return t.tokens ? renderInline(t.tokens, TOP) : escapeText(t.text);
    }
    case 'heading':
      return wrap('*', renderInline((token as Tokens.Heading).tokens, { inBold: true, inItalic: false }));
    case 'code':
      return `\`\`\`\n${escapeSlack((token as Tokens.Code).text)}\n\`\`\``;
    case 'blockquote':
      return renderBlocks((token as Tokens.Blockquote).tokens)
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
    case 'list':
      return renderList(token as Tokens.List, depth);
    case 'table':
      return renderTable(token as Tokens.Table);
    case 'hr':
      return '──────────';
    case 'html':
      return escapeSlack((token as Tokens.HTML).text.trimEnd());
    default:
      return escapeText(token.raw.trimEnd());
  }
}

function renderBlocks(tokens: readonly Token[]): string {
  return tokens
    .map((t) => renderBlock(t))
    .filter((s) => s !== '')
    .join('\n\n');
}

/** Converts Markdown to Slack mrkdwn, escaping `&`, `<` and `>` everywhere except in generated links. */
export function markdownToSlack(md: string): string {
  return renderBlocks(new Lexer({ gfm: true }).lex(md)).trim();
}
