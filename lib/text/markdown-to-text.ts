import { Lexer, type Token, type Tokens } from 'marked';

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]+);/giu, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

function inline(tokens: readonly Token[] | undefined): string {
  return (tokens ?? [])
    .map((t) => {
      switch (t.type) {
        case 'codespan':
        case 'escape':
          return (t as Tokens.Codespan).text;
        case 'br':
          return '\n';
        case 'image':
          return (t as Tokens.Image).text;
        case 'html':
          return '';
        default: {
          const children = (t as Tokens.Generic).tokens as Token[] | undefined;
          return children ? inline(children) : decodeEntities((t as Tokens.Generic).text ?? t.raw);
        }
      }
    })
    .join('');
}

function block(token: Token): string {
  switch (token.type) {
    case 'space':
    case 'def':
    case 'hr':
    case 'html':
      return '';
    case 'code':
      return (token as Tokens.Code).text;
    case 'list': {
      const list = token as Tokens.List;
      return list.items.map((item) => item.tokens.map(block).filter(Boolean).join('\n')).join('\n');
    }
    case 'blockquote':
      return blocks((token as Tokens.Blockquote).tokens);
    case 'table': {
      const table = token as Tokens.Table;
      return [table.header, ...table.rows].map((cells) => cells.map((c) => inline(c.tokens)).join(' ')).join('\n');
    }
    default: {
      const t = token as Tokens.Generic;
      return t.tokens ? inline(t.tokens as Token[]) : decodeEntities(t.text ?? '');
    }
  }
}

function blocks(tokens: readonly Token[]): string {
  return tokens.map(block).filter((s) => s !== '').join('\n\n');
}

/** Markdown → plain text: markup, HTML and link targets dropped, the words kept (X posts, excerpts, subjects). */
export function markdownToText(md: string): string {
  return blocks(new Lexer({ gfm: true }).lex(md)).trim();
}
