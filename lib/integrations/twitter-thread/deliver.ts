import { env } from '@/lib/env';
import { excerpt } from '@/lib/integrations/shared/excerpt';
import { DeliveryError, type ConnectionInfo, type DeliveryContext, type DeliveryResult } from '@/lib/integrations/types';
import { classifyXResponse } from './classify';
import { findLostPost, xUserId } from './lost-post';
import type { ThreadPayload, ThreadProgress, TwitterThreadConfig, XSecret } from './schema';
import { XSession } from './session';
import { parseJson, xRequest, type XIo } from './x-http';

export function threadUrl(username: unknown, firstId: string): string {
  return typeof username === 'string' && username ? `https://x.com/${username}/status/${firstId}` : `https://x.com/i/web/status/${firstId}`;
}

function tweetIdOf(body: string): string | null {
  const parsed = parseJson(body) as { data?: { id?: unknown } } | null;
  const id = parsed?.data?.id;
  return typeof id === 'string' && id ? id : null;
}

/**
 * Posts the thread: the first post, then each as a reply to the previous one. Resumable: the ids
 * posted so far are saved after every post, before the next one, and a retry continues after the
 * last saved id with the posts saved then (a re-render cannot change what is left to post).
 *
 * Exactly once: before each post the progress says it is in doubt. When its answer never comes
 * (timeout, reset, the worker killed), the retry first looks for it among the user's recent posts
 * and adopts it if X has it, instead of posting it again (which X would refuse as a duplicate,
 * leaving the thread half made).
 */
export async function deliverThread(
  payload: ThreadPayload,
  auth: { secret: XSecret; connection: ConnectionInfo } | null,
  ctx: DeliveryContext<ThreadProgress>,
  config: TwitterThreadConfig,
): Promise<DeliveryResult> {
  if (!auth) throw new DeliveryError({ type: 'permanent', reason: 'twitter-thread needs an X connection' });
  const saved = ctx.progress;
  const posts = saved?.posts?.length ? saved.posts : payload.posts;
  const tweetIds = [...(saved?.tweetIds ?? [])];
  if (posts.length === 0) throw new DeliveryError({ type: 'permanent', reason: 'the thread has no posts' });

  const io: XIo = { allowedTargets: ctx.allowedTargets, signal: ctx.signal, timeoutMs: config.timeoutMs, record: (r) => ctx.record(r) };
  const session = new XSession(auth.secret, ctx);
  const url = `${env().OUTPOST_X_API_BASE.replace(/\/+$/, '')}/2/tweets`;

  const inDoubt = saved?.inDoubt;
  if (inDoubt && inDoubt.index === tweetIds.length && inDoubt.index < posts.length) {
    const userId = await xUserId(auth.connection.metadata, session, io);
    const found = userId ? await findLostPost({ userId, previousId: tweetIds.at(-1), text: posts[inDoubt.index]!, sentAt: inDoubt.sentAt }, session, io) : null;
    if (found) {
      tweetIds.push(found);
      await ctx.saveProgress({ posts, tweetIds: [...tweetIds] });
    }
  }

  for (let index = tweetIds.length; index < posts.length; index++) {
    if (ctx.signal.aborted) throw new DeliveryError({ type: 'retryable', reason: `stopped after ${index} of ${posts.length} posts (delivery aborted)` });
    const previous = tweetIds[index - 1];
    const body = JSON.stringify({ text: posts[index], ...(previous ? { reply: { in_reply_to_tweet_id: previous } } : {}) });
    await ctx.saveProgress({ posts, tweetIds: [...tweetIds], inDoubt: { index, sentAt: new Date().toISOString() } });
    // A transport failure escapes here with the post still in doubt; any answer settles it.
    const response = await session.send((token) =>
      xRequest({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body }, io),
    );
    const failure = classifyXResponse(response);
    if (failure) {
      await ctx.saveProgress({ posts, tweetIds: [...tweetIds] });
      const where = `post ${index + 1} of ${posts.length}`;
      throw new DeliveryError({ ...failure, reason: `${where}: ${failure.reason}` }, { httpStatus: response.status, responseExcerpt: excerpt(response.body) });
    }
    const id = tweetIdOf(response.body);
    if (!id) {
      // Posted, but we cannot tell its id: retrying would post it again. Stop for good instead.
      throw new DeliveryError({ type: 'permanent', reason: `post ${index + 1}: X answered ${response.status} without a tweet id` }, { httpStatus: response.status, responseExcerpt: excerpt(response.body) });
    }
    tweetIds.push(id);
    await ctx.saveProgress({ posts, tweetIds: [...tweetIds] });
  }

  const first = tweetIds[0]!;
  return {
    externalId: first,
    url: threadUrl(auth.connection.metadata.username, first),
    tweetIds,
    posts: tweetIds.length,
  };
}
