import { env } from '@/lib/env';
import { excerpt } from '@/lib/integrations/shared/excerpt';
import { DeliveryError } from '@/lib/integrations/types';
import { classifyXResponse } from './classify';
import type { XSession } from './session';
import { parseJson, xRequest, type XIo } from './x-http';

type TimelinePost = { id: string; text: string; referenced_tweets?: Array<{ type: string; id: string }> };
type TimelinePage = { data?: TimelinePost[]; meta?: { result_count?: number; next_token?: string } };

/** X's clock and ours may disagree; the first post of a thread is looked for this long before it was sent. */
export const FIRST_POST_WINDOW_MS = 5 * 60_000;
/** 100 posts a page; a user posting more than 300 between two posts of a thread is not a case to chase. */
const MAX_PAGES = 3;

/**
 * X hands back text with URLs shortened to t.co links and `&`, `<`, `>` as entities: compare with
 * URLs as a placeholder, entities decoded and whitespace collapsed.
 */
export function comparableText(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/https?:\/\/\S+/g, '<url>')
    .replace(/\s+/g, ' ')
    .trim();
}

function repliedTo(post: TimelinePost): string | undefined {
  return post.referenced_tweets?.find((ref) => ref.type === 'replied_to')?.id;
}

/**
 * Finds the post whose answer was lost among the user's recent posts (GET /2/users/:id/tweets): a
 * reply to `previousId` with the same text (the first post of a thread: a post with the same text
 * that replies to nothing, made since shortly before it was sent). Answers its id, or null when X
 * has no such post (so it was never made and may be sent again).
 */
export async function findLostPost(
  args: { userId: string; previousId: string | undefined; text: string; sentAt: string },
  session: XSession,
  io: XIo,
): Promise<string | null> {
  const base = `${env().OUTPOST_X_API_BASE.replace(/\/+$/, '')}/2/users/${encodeURIComponent(args.userId)}/tweets`;
  const query = new URLSearchParams({ max_results: '100', 'tweet.fields': 'referenced_tweets' });
  if (args.previousId) query.set('since_id', args.previousId);
  else query.set('start_time', new Date(Date.parse(args.sentAt) - FIRST_POST_WINDOW_MS).toISOString().replace(/\.\d+Z$/, 'Z'));
  const wanted = comparableText(args.text);

  for (let page = 0; page < MAX_PAGES; page++) {
    const url = `${base}?${query}`;
    const response = await session.send((token) => xRequest({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } }, io));
    const failure = classifyXResponse(response);
    // A timeline X will never show us (e.g. a token without tweet.read): sending again is the only
    // way on, and X's refusal of duplicate text is then the guard against a second post.
    if (failure?.type === 'permanent') return null;
    if (failure) {
      throw new DeliveryError({ ...failure, reason: `checking whether the unanswered post was made: ${failure.reason}` }, { httpStatus: response.status, responseExcerpt: excerpt(response.body) });
    }
    const body = parseJson(response.body) as TimelinePage | null;
    if (!body || (body.data !== undefined && !Array.isArray(body.data))) {
      throw new DeliveryError({ type: 'retryable', reason: 'checking whether the unanswered post was made: X answered a timeline that is not JSON' });
    }
    const found = (body.data ?? []).find((post) => repliedTo(post) === args.previousId && comparableText(post.text) === wanted);
    if (found) return found.id;
    const next = body.meta?.next_token;
    if (!next) return null;
    query.set('pagination_token', next);
  }
  return null;
}

/** The X account's user id: kept on the connection when it was saved, else asked of GET /2/users/me. */
export async function xUserId(metadata: Record<string, unknown>, session: XSession, io: XIo): Promise<string | null> {
  if (typeof metadata.userId === 'string' && metadata.userId) return metadata.userId;
  const url = `${env().OUTPOST_X_API_BASE.replace(/\/+$/, '')}/2/users/me`;
  const response = await session.send((token) => xRequest({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } }, io));
  const id = (parseJson(response.body) as { data?: { id?: unknown } } | null)?.data?.id;
  if (response.status === 200 && typeof id === 'string' && id) return id;
  const failure = classifyXResponse(response) ?? { type: 'retryable' as const, reason: `X answered ${response.status} without a user id` };
  if (failure.type === 'permanent') return null;
  throw new DeliveryError({ ...failure, reason: `finding the X account to check the unanswered post: ${failure.reason}` }, { httpStatus: response.status, responseExcerpt: excerpt(response.body) });
}
