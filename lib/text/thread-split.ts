import { extractUrlsWithIndices, parseTweet } from './twitter-text';

export interface SplitThreadOptions {
  /** Append ` i/n` to every post when the text needs more than one post (default true). */
  numbering?: boolean;
  /** Refuse texts that need more posts than this (default 25). */
  maxPosts?: number;
  /** Weighted length limit per post, numbering included (default 280). */
  maxWeight?: number;
}

export class ThreadTooLongError extends Error {
  readonly needed: number;
  readonly maxPosts: number;
  /** True when counting stopped early: the text needs at least `needed` posts. */
  readonly atLeast: boolean;

  constructor(needed: number, maxPosts: number, atLeast: boolean) {
    super(`text needs ${atLeast ? 'at least ' : ''}${needed} posts, but a thread may have at most ${maxPosts}`);
    this.name = 'ThreadTooLongError';
    this.needed = needed;
    this.maxPosts = maxPosts;
    this.atLeast = atLeast;
  }
}

/** X's weighted length: URLs count 23, CJK and emoji 2, most other characters 1. */
export function tweetWeight(s: string): number {
  return parseTweet(s).weightedLength;
}

// Where a post may end, best first: paragraph > sentence or line > word > inside a word.
const Break = { InsideWord: 0, Word: 1, Sentence: 2, Paragraph: 3 } as const;
type Break = (typeof Break)[keyof typeof Break];

interface Piece {
  text: string;
  /** Separator and break quality of the boundary before this piece. */
  sep: '' | ' ' | '\n' | '\n\n';
  level: Break;
  /** URL ranges inside `text` (UTF-16 offsets): never cut. */
  urls: Array<[number, number]>;
}

const SENTENCE_END = /[.!?…。！？][)"'”’»\]]*$/u;
const CJK_SENTENCE_PUNCT = /[。！？]/u;
const CJK_CLAUSE_PUNCT = /[，、；：]/u;

function boundaryBefore(whitespace: string, previousWord: string | undefined): Pick<Piece, 'sep' | 'level'> {
  if (/\n[^\S\n]*\n/u.test(whitespace)) return { sep: '\n\n', level: Break.Paragraph };
  if (whitespace.includes('\n')) return { sep: '\n', level: Break.Sentence };
  const sentence = previousWord !== undefined && SENTENCE_END.test(previousWord);
  return { sep: ' ', level: sentence ? Break.Sentence : Break.Word };
}

function isInsideUrl(offset: number, urls: ReadonlyArray<[number, number]>): boolean {
  return urls.some(([start, end]) => offset > start && offset < end);
}

// CJK text has no spaces: its sentence and clause punctuation are the natural break points.
function splitAtCjkPunctuation(word: string, wordStart: number, urls: ReadonlyArray<[number, number]>) {
  const parts: Array<{ text: string; start: number; level: Break }> = [];
  let partStart = 0;
  let partLevel: Break = Break.Word;
  for (let i = 0; i < word.length; i++) {
    const ch = word[i] ?? '';
    const level = CJK_SENTENCE_PUNCT.test(ch) ? Break.Sentence : CJK_CLAUSE_PUNCT.test(ch) ? Break.Word : null;
    const cut = i + 1;
    if (level === null || cut >= word.length || isInsideUrl(wordStart + cut, urls)) continue;
    parts.push({ text: word.slice(partStart, cut), start: partStart, level: partLevel });
    partStart = cut;
    partLevel = level;
  }
  parts.push({ text: word.slice(partStart), start: partStart, level: partLevel });
  return parts;
}

function tokenize(text: string): Piece[] {
  const urls = extractUrlsWithIndices(text).map((u) => u.indices);
  const pieces: Piece[] = [];
  let previousEnd = 0;
  let previousWord: string | undefined;
  for (const match of text.matchAll(/\S+/gu)) {
    const word = match[0];
    const start = match.index;
    const boundary = boundaryBefore(text.slice(previousEnd, start), previousWord);
    splitAtCjkPunctuation(word, start, urls).forEach((part, index) => {
      const absStart = start + part.start;
      const absEnd = absStart + part.text.length;
      pieces.push({
        text: part.text,
        sep: index === 0 ? boundary.sep : '',
        level: index === 0 ? boundary.level : part.level,
        urls: urls
          .filter(([s, e]) => s < absEnd && e > absStart)
          .map(([s, e]): [number, number] => [Math.max(s, absStart) - absStart, Math.min(e, absEnd) - absStart]),
      });
    });
    previousEnd = start + word.length;
    previousWord = word;
  }
  return pieces;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// A grapheme this short weighs at most 2 per code unit, far below any allowed post size.
const SURELY_FITS_LENGTH = 8;

// Atomic units of a word for hard splitting, with their offsets: whole URLs, else graphemes
// (code points for a pathological grapheme that alone exceeds a post).
function* hardSplitUnits(piece: Piece, fits: (s: string) => boolean): Generator<{ unit: string; offset: number }> {
  let urlEnd = 0;
  for (const { segment, index } of graphemes.segment(piece.text)) {
    if (index < urlEnd) continue;
    const url = piece.urls.find(([start, end]) => start <= index && index < end);
    if (url) {
      yield { unit: piece.text.slice(index, url[1]), offset: index };
      urlEnd = url[1];
    } else if (segment.length <= SURELY_FITS_LENGTH || fits(segment)) {
      yield { unit: segment, offset: index };
    } else {
      let offset = index;
      for (const codePoint of segment) {
        yield { unit: codePoint, offset };
        offset += codePoint.length;
      }
    }
  }
}

// Cuts a word that cannot fit in one post into post-sized chunks; after `maxChunks` the rest is
// left as one piece (packing stops long before reaching it).
function hardSplit(piece: Piece, fits: (s: string) => boolean, maxChunks: number): Piece[] {
  const chunks: Piece[] = [];
  let current = '';
  const push = (text: string, urls: Piece['urls'] = []) => {
    const first = chunks.length === 0;
    chunks.push({ text, sep: first ? piece.sep : '', level: first ? piece.level : Break.InsideWord, urls });
  };
  for (const { unit, offset } of hardSplitUnits(piece, fits)) {
    if (current === '' || fits(current + unit)) {
      current += unit;
      continue;
    }
    push(current);
    current = unit;
    if (chunks.length >= maxChunks) {
      const rest = piece.urls
        .filter(([start]) => start >= offset)
        .map(([start, end]): [number, number] => [start - offset, end - offset]);
      push(piece.text.slice(offset), rest);
      return chunks;
    }
  }
  if (current !== '') push(current);
  return chunks;
}

interface PackResult {
  posts: string[];
  /** Packing stopped because more than `stopAfter` posts were needed. */
  truncated: boolean;
}

function pack(input: readonly Piece[], fits: (s: string) => boolean, minFill: number, stopAfter: number): PackResult {
  const pieces = [...input];
  const posts: string[] = [];
  let i = 0;
  while (i < pieces.length) {
    if (posts.length >= stopAfter) return { posts, truncated: true };
    const first = pieces[i] as Piece;
    if (!fits(first.text)) {
      pieces.splice(i, 1, ...hardSplit(first, fits, stopAfter));
    }
    // prefixes[k] is the post made of pieces[i .. i+k]
    const prefixes = [(pieces[i] as Piece).text];
    let end = i + 1;
    for (; end < pieces.length; end++) {
      const next = pieces[end] as Piece;
      const candidate = `${prefixes[prefixes.length - 1]}${next.sep}${next.text}`;
      if (!fits(candidate)) break;
      prefixes.push(candidate);
    }
    const breakAt = end === pieces.length ? end : chooseBreak(pieces, prefixes, i, end, minFill);
    posts.push(prefixes[breakAt - i - 1] as string);
    i = breakAt;
  }
  return { posts, truncated: false };
}

// End the post at the best boundary that still leaves it reasonably full; otherwise fill it up.
function chooseBreak(pieces: readonly Piece[], prefixes: readonly string[], start: number, end: number, minFill: number) {
  for (const wanted of [Break.Paragraph, Break.Sentence]) {
    for (let b = end; b > start + 1; b--) {
      if ((pieces[b] as Piece).level < wanted) continue;
      if (tweetWeight(prefixes[b - start - 1] as string) < minFill) break;
      return b;
    }
  }
  return end;
}

const numberSuffix = (index: number, total: number) => ` ${index}/${total}`;

export function splitThread(text: string, opts: SplitThreadOptions = {}): { posts: string[] } {
  const numbering = opts.numbering ?? true;
  const maxPosts = opts.maxPosts ?? 25;
  const maxWeight = opts.maxWeight ?? 280;
  if (!Number.isInteger(maxPosts) || maxPosts < 1) throw new RangeError('maxPosts must be a positive integer');
  if (!Number.isInteger(maxWeight) || maxWeight < 30) throw new RangeError('maxWeight must be an integer ≥ 30');

  const normalized = text.replace(/\r\n?/gu, '\n').trim();
  if (normalized === '') return { posts: [] };
  if (tweetWeight(normalized) <= maxWeight) return { posts: [normalized] };

  const pieces = tokenize(normalized);
  // Counting far past the limit only serves the error message; stop somewhere reasonable.
  const stopAfter = Math.max(maxPosts * 4, 100);
  const packFor = (suffix: string) => {
    const fits = (s: string) => tweetWeight(s + suffix) <= maxWeight;
    const minFill = (maxWeight - tweetWeight(suffix)) / 2;
    return pack(pieces, fits, minFill, stopAfter);
  };

  let result = packFor('');
  if (numbering) {
    // The suffix width depends on the post count, and the count on the width: iterate to a fixed point.
    // Counts only grow as the reserved width grows, so this terminates within a few rounds.
    let assumed = 2;
    for (;;) {
      result = packFor(numberSuffix(assumed, assumed));
      if (result.truncated || result.posts.length <= assumed) break;
      assumed = result.posts.length;
    }
  }

  if (result.truncated) throw new ThreadTooLongError(stopAfter + 1, maxPosts, true);
  if (result.posts.length > maxPosts) throw new ThreadTooLongError(result.posts.length, maxPosts, false);

  const total = result.posts.length;
  const posts = numbering && total > 1 ? result.posts.map((p, i) => p + numberSuffix(i + 1, total)) : result.posts;
  return { posts };
}
