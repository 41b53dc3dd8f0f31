import { Lexer, type Token, type Tokens } from 'marked';
import { decodeEntities } from './html-entities';
import { isSafeImageSrc, isSafeLinkHref } from './safe-url';

// Discord renders a subset of Markdown: headings 1–3, bold, italic, strike, code, block quotes,
// lists and masked links. Everything else is rewritten into that subset: deeper headings become
// bold lines, tables become aligned code blocks (Discord has no tables), images become links
// (a message's Markdown cannot embed an image). Mentions are left to allowed_mentions, which the
// integration always sends empty.

// `)` or whitespace in a URL would end a masked link early.
const linkUrl = (href: string) => href.trim().replace(/\)/gu, '%29').replace(/\s/gu, '%20');
// Inside ``` a run of backticks would close the block.
const fenceSafe = (code: string) => code.replace(/```/gu, '`\u200b``');

function plainText(tokens: readonly Token[] | undefined, fallback: string): string {
  if (!tokens) return decodeEntities(fallback);
  return tokens
    .map((t) => {
      if (t.type === 'codespan' || t.type === 'escape') return (t as Tokens.Codespan).text;
      if (t.type === 'image') return (t as Tokens.Image).text;
      const children = (t as Tokens.Generic).tokens as Token[] | undefined;
      return children ? plainText(children, '') : decodeEntities((t as Tokens.Generic).text ?? '');
    })
    .join('');
}

function renderLink(href: string, label: string): string {
  if (!isSafeLinkHref(href)) return label;
  if (label === '' || label === href) return href.trim();
  return `[${label.replace(/[[\]]/gu, '')}](${linkUrl(href)})`;
}

function wrap(marker: string, inner: string): string {
  return inner.trim() === '' ? inner : `${marker}${inner}${marker}`;
}

function renderInline(tokens: readonly Token[] | undefined): string {
  return (tokens ?? []).map(renderInlineToken).join('');
}

function renderInlineToken(token: Token): string {
  switch (token.type) {
    case 'text': {
      const t = token as Tokens.Text;
      return t.tokens ? renderInline(t.tokens) : decodeEntities(t.text);
    }
    case 'escape':
      return token.raw;
    case 'strong':
      return wrap('**', renderInline((token as Tokens.Strong).tokens));
    case 'em':
      return wrap('*', renderInline((token as Tokens.Em).tokens));
    case 'del':
      return wrap('~~', renderInline((token as Tokens.Del).tokens));
    case 'codespan':
      return `\`${(token as Tokens.Codespan).text}\``;
    case 'br':
      return '\n';
    case 'link': {
      const link = token as Tokens.Link;
      return isSafeLinkHref(link.href) ? renderLink(link.href, renderInline(link.tokens)) : renderInline(link.tokens);
    }
    case 'image': {
      const image = token as Tokens.Image;
      if (!isSafeImageSrc(image.href)) return image.text;
      return renderLink(image.href, image.text || 'image');
    }
    case 'checkbox':
      return (token as Tokens.Checkbox).checked ? '☑ ' : '☐ ';
    default:
      return token.raw;
  }
}

function renderList(list: Tokens.List, depth: number): string {
  const start = typeof list.start === 'number' ? list.start : 1;
  return list.items
    .map((item, index) => `${'  '.repeat(depth)}${list.ordered ? `${start + index}.` : '-'} ${renderListItem(item, depth)}`)
    .join('\n');
}

function renderListItem(item: Tokens.ListItem, depth: number): string {
  let out = '';
  for (const token of item.tokens) {
    if (token.type === 'list') out += `\n${renderList(token as Tokens.List, depth + 1)}`;
    else if (token.type === 'checkbox' || token.type === 'text') out += renderInlineToken(token);
    else {
      const block = renderBlock(token, depth);
      if (block !== '') out += out === '' ? block : `\n${'  '.repeat(depth + 1)}${block}`;
    }
  }
  return out;
}

/** A table as a fixed-width code block: columns padded to their widest cell. */
function renderTable(table: Tokens.Table): string {
  const rows = [table.header, ...table.rows].map((cells) => cells.map((c) => plainText(c.tokens, c.text).replace(/\s+/gu, ' ').trim()));
  const widths = table.header.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length), 3));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join(' | ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  const [header, ...body] = rows;
  return `\`\`\`\n${fenceSafe([line(header!), rule, ...body.map(line)].join('\n'))}\n\`\`\``;
}

function renderBlock(token: Token, depth = 0): string {
  switch (token.type) {
    case 'space':
    case 'def':
      return '';
    case 'paragraph':
    case 'text': {
      const t = token as Tokens.Paragraph | Tokens.Text;
      return t.tokens ? renderInline(t.tokens) : decodeEntities(t.text);
    }
    case 'heading': {
      const heading = token as Tokens.Heading;
      const text = renderInline(heading.tokens);
      return heading.depth <= 3 ? `${'#'.repeat(heading.depth)} ${text}` : wrap('**', text);
    }
    case 'code': {
      const code = token as Tokens.Code;
      return `\`\`\`${(code.lang ?? '').split(/\s/u)[0]}\n${fenceSafe(code.text)}\n\`\`\``;
    }
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
    default:
      return token.raw.trimEnd();
  }
}

function renderBlocks(tokens: readonly Token[]): string {
  return tokens
    .map((t) => renderBlock(t))
    .filter((s) => s !== '')
    .join('\n\n');
}

/** Converts Markdown to the subset Discord renders in messages and embed descriptions. */
export function markdownToDiscord(md: string): string {
  return renderBlocks(new Lexer({ gfm: true }).lex(md)).trim();
}
