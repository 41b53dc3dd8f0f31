import { json, type ProviderRequest, type ProviderResponse } from '../../http';
import type { Tweet } from '../../types';
import type { XStore } from './store';

// GET /2/users/:id/tweets in X API v2's shape: newest first, `since_id`/`until_id` exclusive,
// `start_time`/`end_time`, `max_results` 5–100 (default 10), `pagination_token`, and the
// `tweet.fields` asked for. Ids are increasing numeric strings, so they compare as BigInts.

const FIELDS = ['id', 'text', 'edit_history_tweet_ids', 'referenced_tweets', 'created_at', 'conversation_id', 'author_id', 'in_reply_to_user_id'] as const;

function invalid(message: string, parameter: string, value: string): ProviderResponse {
  return json(400, {
    errors: [{ parameters: { [parameter]: [value] }, message }],
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: 'https://api.twitter.com/2/problems/invalid-request',
  });
}

const isId = (value: string) => /^\d{1,19}$/.test(value);
const isTime = (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(value) && !Number.isNaN(Date.parse(value));

/** The pagination token is the id of the last post of the page before, opaque to clients. */
const encodeToken = (id: string) => Buffer.from(`older:${id}`).toString('base64url');
function decodeToken(token: string): string | undefined {
  const match = /^older:(\d{1,19})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match?.[1];
}

export function userTweets(store: XStore, userId: string, req: ProviderRequest): ProviderResponse {
  const query = req.url.searchParams;
  const sinceId = query.get('since_id');
  const untilId = query.get('until_id');
  for (const [name, value] of [['since_id', sinceId], ['until_id', untilId]] as const) {
    if (value !== null && !isId(value)) return invalid(`The \`${name}\` query parameter value [${value}] is not valid`, name, value);
  }
  const startTime = query.get('start_time');
  const endTime = query.get('end_time');
  for (const [name, value] of [['start_time', startTime], ['end_time', endTime]] as const) {
    if (value !== null && !isTime(value)) return invalid(`Invalid '${name}':'${value}'. '${name}' must be a valid RFC 3339 date-time`, name, value);
  }
  const maxRaw = query.get('max_results') ?? '10';
  const max = Number(maxRaw);
  if (!Number.isInteger(max) || max < 5 || max > 100) {
    return invalid(`The \`max_results\` query parameter value [${maxRaw}] is not between 5 and 100`, 'max_results', maxRaw);
  }
  const pagination = query.get('pagination_token');
  const olderThan = pagination === null ? undefined : decodeToken(pagination);
  if (pagination !== null && !olderThan) return invalid(`The \`pagination_token\` query parameter value [${pagination}] is not valid`, 'pagination_token', pagination);
  const fields = new Set((query.get('tweet.fields') ?? '').split(',').filter(Boolean));
  for (const field of fields) {
    if (!(FIELDS as readonly string[]).includes(field)) return invalid(`The \`tweet.fields\` query parameter value [${field}] is not one of [${FIELDS.join(',')}]`, 'tweet.fields', field);
  }

  if (!store.users.has(userId)) {
    return json(200, {
      errors: [
        {
          value: userId,
          detail: `Could not find user with id: [${userId}].`,
          title: 'Not Found Error',
          resource_type: 'user',
          parameter: 'id',
          resource_id: userId,
          type: 'https://api.twitter.com/2/problems/resource-not-found',
        },
      ],
    });
  }

  const after = (id: string, bound: string | null | undefined) => bound == null || BigInt(id) > BigInt(bound);
  const before = (id: string, bound: string | null | undefined) => bound == null || BigInt(id) < BigInt(bound);
  const matching = [...store.tweets.values()]
    .filter((t) => t.authorId === userId)
    .filter((t) => after(t.id, sinceId) && before(t.id, untilId) && before(t.id, olderThan))
    .filter((t) => (startTime === null || Date.parse(t.createdAt) >= Date.parse(startTime)) && (endTime === null || Date.parse(t.createdAt) <= Date.parse(endTime)))
    .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  const page = matching.slice(0, max);
  if (page.length === 0) return json(200, { meta: { result_count: 0 } });
  const more = matching.length > page.length;
  return json(200, {
    data: page.map((tweet) => shape(store, tweet, fields)),
    meta: {
      result_count: page.length,
      newest_id: page[0]!.id,
      oldest_id: page.at(-1)!.id,
      ...(more ? { next_token: encodeToken(page.at(-1)!.id) } : {}),
    },
  });
}

function shape(store: XStore, tweet: Tweet, fields: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: tweet.id, text: tweet.text, edit_history_tweet_ids: [tweet.id] };
  if (fields.has('created_at')) out.created_at = tweet.createdAt;
  if (fields.has('author_id')) out.author_id = tweet.authorId;
  if (fields.has('conversation_id')) out.conversation_id = tweet.conversationId;
  if (tweet.inReplyToTweetId) {
    if (fields.has('referenced_tweets')) out.referenced_tweets = [{ type: 'replied_to', id: tweet.inReplyToTweetId }];
    const parent = store.tweets.get(tweet.inReplyToTweetId);
    if (fields.has('in_reply_to_user_id') && parent) out.in_reply_to_user_id = parent.authorId;
  }
  return out;
}
