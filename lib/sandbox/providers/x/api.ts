import { bearerToken, isPlainObject, json, nowSeconds, parseJsonBody, type ProviderRequest, type ProviderResponse } from '../../http';
import type { SandboxSettings } from '../../provider';
import { RateWindow } from '../../rate-window';
import type { XUser } from '../../types';
import type { XStore } from './store';
import { checkTweetLength } from './tweet-length';
import { userTweets } from './timeline';

// X API v2 answers errors as RFC 7807-style problem objects.
export const problems = {
  unauthorized: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' },
  tooManyRequests: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
  duplicate: {
    detail: 'You are not allowed to create a Tweet with duplicate content.',
    type: 'about:blank',
    title: 'Forbidden',
    status: 403,
  },
  serviceUnavailable: (status: number) => ({
    title: status === 503 ? 'Service Unavailable' : 'Internal Server Error',
    detail: status === 503 ? 'Service Unavailable' : 'Internal Server Error',
    type: 'about:blank',
    status,
  }),
};

function invalidRequest(message: string, parameters?: Record<string, string[]>) {
  return {
    errors: [{ ...(parameters ? { parameters } : {}), message }],
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: 'https://api.twitter.com/2/problems/invalid-request',
  };
}

// Per user, per endpoint, 15-minute windows, as X's user-context limits.
const WINDOW_MS = 15 * 60 * 1000;

export class XApi {
  private readonly windows = {
    createTweet: new RateWindow(200, WINDOW_MS),
    read: new RateWindow(900, WINDOW_MS),
  };

  constructor(
    private readonly store: XStore,
    private readonly settings: SandboxSettings,
  ) {}

  reset(): void {
    this.windows.createTweet.clear();
    this.windows.read.clear();
  }

  handle(req: ProviderRequest): ProviderResponse {
    const route = `${req.method} ${req.path.replace(/\/+$/, '')}`;
    const user = this.store.userForAccessToken(bearerToken(req));
    const tweetMatch = /^(GET|DELETE) \/2\/tweets\/(\d+)$/.exec(route);
    const timelineMatch = /^GET \/2\/users\/(\d+)\/tweets$/.exec(route);
    const window = route === 'POST /2/tweets' ? this.windows.createTweet : this.windows.read;
    if (!user) return json(401, problems.unauthorized, rateHeaders(window.limit, window.limit, nowSeconds() + WINDOW_MS / 1000));

    const state = window.hit(user.id);
    const headers = rateHeaders(state.limit, state.remaining, Math.ceil(state.resetAt / 1000));
    if (this.settings.enforceLimits && state.exceeded) return json(429, problems.tooManyRequests, headers);

    let response: ProviderResponse;
    if (route === 'POST /2/tweets') response = this.createTweet(req, user);
    else if (route === 'GET /2/users/me') response = json(200, { data: { id: user.id, name: user.name, username: user.username } });
    else if (tweetMatch?.[1] === 'GET') response = this.getTweet(tweetMatch[2] ?? '');
    else if (timelineMatch) response = userTweets(this.store, timelineMatch[1] ?? '', req);
    else if (tweetMatch?.[1] === 'DELETE') response = this.deleteTweet(tweetMatch[2] ?? '', user);
    else response = json(404, { errors: [{ message: 'Sorry, that page does not exist', code: 34 }] });
    return { ...response, headers: { ...headers, ...response.headers } };
  }

  /** Rate-limit headers for a scripted answer (faults bypass the real windows). */
  static faultHeaders(remaining: number, resetInSeconds: number): Record<string, string> {
    return rateHeaders(200, remaining, nowSeconds() + Math.ceil(resetInSeconds));
  }

  private createTweet(req: ProviderRequest, user: XUser): ProviderResponse {
    const parsed = parseJsonBody(req);
    if (!parsed.ok || !isPlainObject(parsed.value)) return json(400, invalidRequest('Request body is not valid JSON'));
    const body = parsed.value;
    if (typeof body.text !== 'string' || body.text.length === 0) {
      return json(400, invalidRequest('$.text: is missing but it is required', { text: [] }));
    }
    const length = checkTweetLength(body.text);
    if (!length.valid) {
      return json(
        400,
        invalidRequest(`Tweet text is too long: weighted length ${length.weightedLength} exceeds 280.`, { text: [body.text] }),
      );
    }
    let inReplyTo: string | undefined;
    if (body.reply !== undefined) {
      const reply = isPlainObject(body.reply) ? body.reply : {};
      if (typeof reply.in_reply_to_tweet_id !== 'string' || !/^\d{1,19}$/.test(reply.in_reply_to_tweet_id)) {
        return json(400, invalidRequest('$.reply.in_reply_to_tweet_id: is missing but it is required', { '$.reply': [JSON.stringify(body.reply)] }));
      }
      inReplyTo = reply.in_reply_to_tweet_id;
      // X answers a reply to a missing tweet with 403, like its v1.1 error 385.
      if (!this.store.tweets.has(inReplyTo)) {
        return json(403, {
          detail: 'You attempted to reply to a Tweet that is deleted or not visible to you.',
          type: 'about:blank',
          title: 'Forbidden',
          status: 403,
        });
      }
    }
    if (this.store.isDuplicate(user.id, body.text)) return json(403, problems.duplicate);
    const tweet = this.store.addTweet(user.id, body.text, inReplyTo);
    return json(201, { data: { edit_history_tweet_ids: [tweet.id], id: tweet.id, text: tweet.text } });
  }

  private getTweet(id: string): ProviderResponse {
    const tweet = this.store.tweets.get(id);
    if (!tweet) {
      return json(200, {
        errors: [
          {
            value: id,
            detail: `Could not find tweet with id: [${id}].`,
            title: 'Not Found Error',
            resource_type: 'tweet',
            parameter: 'id',
            resource_id: id,
            type: 'https://api.twitter.com/2/problems/resource-not-found',
          },
        ],
      });
    }
    return json(200, { data: { edit_history_tweet_ids: [tweet.id], id: tweet.id, text: tweet.text, author_id: tweet.authorId } });
  }

  private deleteTweet(id: string, user: XUser): ProviderResponse {
    const tweet = this.store.tweets.get(id);
    if (tweet && tweet.authorId !== user.id) {
      return json(403, { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'You are not authorized to delete this Tweet.' });
    }
    this.store.tweets.delete(id);
    return json(200, { data: { deleted: Boolean(tweet) } });
  }
}

function rateHeaders(limit: number, remaining: number, resetEpochSeconds: number): Record<string, string> {
  return {
    'x-rate-limit-limit': String(limit),
    'x-rate-limit-remaining': String(remaining),
    'x-rate-limit-reset': String(resetEpochSeconds),
  };
}
