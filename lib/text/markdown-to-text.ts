import { Lexer, type Token, type Tokens } from 'marked';
import { decodeEntities } from './html-entities';

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
