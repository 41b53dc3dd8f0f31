import { DeliveryError } from '@/lib/integrations/types';
import { classifyWpResponse, wpError } from './classify';
import type { StoredWordPressSecret } from './schema';
import { slugify } from './slug';
import { parseJson, restUrl, wpRequest, type WpIo } from './wp-http';

export type Taxonomy = 'categories' | 'tags';
type Term = { id: number; name: string; slug: string };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#039': "'", '#39': "'" };
// WordPress returns term names HTML-escaped ("News &amp; Notes").
const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|#0?39);/gu, (_, e: string) => ENTITIES[e] ?? _);

function sameTerm(term: Term, name: string): boolean {
  return unescape(term.name).trim().toLowerCase() === name.trim().toLowerCase() || (slugify(name) !== '' && term.slug === slugify(name));
}

function fail(response: { status: number; headers: Record<string, string>; body: string }, what: string): never {
  const failure = classifyWpResponse(response) ?? { type: 'retryable' as const, reason: `unexpected answer ${response.status}` };
  throw new DeliveryError({ ...failure, reason: `${what}: ${failure.reason}` }, { httpStatus: response.status });
}

async function findTerm(api: string, secret: StoredWordPressSecret, taxonomy: Taxonomy, name: string, io: WpIo): Promise<number | null> {
  const response = await wpRequest(secret, { method: 'GET', url: restUrl(api, taxonomy, { search: name, per_page: '100' }) }, io);
  if (response.status !== 200) fail(response, `looking up ${taxonomy} "${name}"`);
  const list = parseJson(response.body);
  if (!Array.isArray(list)) fail({ ...response, status: 502 }, `looking up ${taxonomy} "${name}"`);
  const found = (list as Term[]).find((term) => typeof term?.id === 'number' && typeof term.name === 'string' && sameTerm(term, name));
  return found ? found.id : null;
}

async function createTerm(api: string, secret: StoredWordPressSecret, taxonomy: Taxonomy, name: string, io: WpIo): Promise<number> {
  const response = await wpRequest(secret, { method: 'POST', url: restUrl(api, taxonomy), body: { name } }, io);
  const parsed = parseJson(response.body) as { id?: unknown } | null;
  if (response.status === 201 && typeof parsed?.id === 'number') return parsed.id;
  // Created meanwhile (another task, or a lost response of ours): WordPress names the existing term.
  const error = wpError(response.body);
  if (error.code === 'term_exists' && typeof error.data?.term_id === 'number') return error.data.term_id;
  fail(response, `creating ${taxonomy === 'categories' ? 'category' : 'tag'} "${name}"`);
}

/** Term names → ids, creating missing ones when allowed. Safe to repeat: lookups first, term_exists tolerated. */
export async function resolveTerms(
  api: string,
  secret: StoredWordPressSecret,
  taxonomy: Taxonomy,
  names: string[],
  opts: { create: boolean },
  io: WpIo,
): Promise<number[]> {
  // Case-insensitive duplicates collapse to their first spelling, as WordPress compares names.
  const unique: string[] = [];
  for (const name of names.map((n) => n.trim())) {
    if (!unique.some((u) => u.toLowerCase() === name.toLowerCase())) unique.push(name);
  }
  const ids: number[] = [];
  for (const name of unique) {
    const existing = await findTerm(api, secret, taxonomy, name, io);
    if (existing !== null) ids.push(existing);
    else if (opts.create) ids.push(await createTerm(api, secret, taxonomy, name, io));
    else {
      const field = taxonomy === 'categories' ? 'category' : 'tag';
      throw new DeliveryError({ type: 'permanent', reason: `${field} "${name}" does not exist on the site and config.createTerms is false` });
    }
  }
  return [...new Set(ids)];
}
