import type { FilterImplOptions, Liquid } from 'liquidjs';
import { toValue } from 'liquidjs';
import { markdownToHtml } from '@/lib/text/markdown-to-html';
import { markdownToDiscord } from '@/lib/text/markdown-to-discord';
import { markdownToSlack } from '@/lib/text/markdown-to-slack';
import { markdownToText } from '@/lib/text/markdown-to-text';
import { splitThread } from '@/lib/text/thread-split';

type FilterThis = ThisParameterType<Extract<FilterImplOptions, (...args: never[]) => unknown>>;

function textArgument(filter: string, value: unknown): string {
  const v: unknown = toValue(value);
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`${filter} expects text, got ${Array.isArray(v) ? 'an array' : typeof v}`);
}

// liquidjs hands keyword arguments (`numbering: false`) to filters as [name, value] pairs.
function keywordArguments(args: unknown[]): Map<string, unknown> {
  const pairs = args.filter((a): a is [string, unknown] => Array.isArray(a) && a.length === 2 && typeof a[0] === 'string');
  return new Map(pairs);
}

function charge(ctx: FilterThis, text: string): string {
  ctx.context.memoryLimit.use(text.length);
  return text;
}

function markdownToSlackFilter(this: FilterThis, value: unknown): string {
  return charge(this, markdownToSlack(textArgument('markdown_to_slack', value)));
}

function markdownToDiscordFilter(this: FilterThis, value: unknown): string {
  return charge(this, markdownToDiscord(textArgument('markdown_to_discord', value)));
}

function markdownToTextFilter(this: FilterThis, value: unknown): string {
  return charge(this, markdownToText(textArgument('markdown_to_text', value)));
}

function markdownToHtmlFilter(this: FilterThis, value: unknown): string {
  return charge(this, markdownToHtml(textArgument('markdown_to_html', value)));
}

/** JSON.stringify for building JSON bodies: `{"title": {{ input.title | json }}}` is always valid JSON. */
function jsonFilter(this: FilterThis, value: unknown, space: unknown = 0): string {
  const indent = typeof space === 'number' ? Math.min(Math.max(space, 0), 10) : 0;
  const out = JSON.stringify(toValue(value) ?? null, null, indent) ?? 'null';
  return charge(this, out);
}

/** `{{ text | tweet_split: numbering: false, max_posts: 10 }}` → the posts of an X thread. */
function tweetSplitFilter(this: FilterThis, value: unknown, ...args: unknown[]): string[] {
  const options = keywordArguments(args);
  const numbering = options.get('numbering');
  const maxPosts = options.get('max_posts');
  const { posts } = splitThread(textArgument('tweet_split', value), {
    numbering: numbering === undefined ? undefined : Boolean(numbering),
    maxPosts: typeof maxPosts === 'number' ? maxPosts : undefined,
  });
  return posts;
}

export function registerOutpostFilters(liquid: Liquid): void {
  liquid.registerFilter('markdown_to_slack', markdownToSlackFilter);
  liquid.registerFilter('markdown_to_html', markdownToHtmlFilter);
  liquid.registerFilter('markdown_to_discord', markdownToDiscordFilter);
  liquid.registerFilter('markdown_to_text', markdownToTextFilter);
  // `date` (strftime, with an IANA zone as second argument: `date: "%H:%M", "Europe/Berlin"`) and
  // `default` (which also covers a missing variable, thanks to lenientIf) are liquidjs' own.
  liquid.registerFilter('json', jsonFilter);
  liquid.registerFilter('tweet_split', tweetSplitFilter);
  // Shopify spells it `truncatewords`; DESIGN.md and our docs say `truncate_words`. Accept both.
  const truncatewords = liquid.filters.truncatewords;
  if (truncatewords) liquid.registerFilter('truncate_words', truncatewords);
}
