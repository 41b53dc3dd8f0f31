import type { Integration } from '@/lib/integrations/types';
import { prepareXConnection, testXConnection } from './connection';
import { deliverThread } from './deliver';
import { MAX_POST_WEIGHT, renderThread, validateThread } from './render';
import {
  MAX_THREAD_POSTS,
  twitterThreadConfigSchema,
  xSecretSchema,
  type ThreadPayload,
  type ThreadProgress,
  type TwitterThreadConfig,
  type XSecret,
} from './schema';

/** X (Twitter) thread (DESIGN §4): the rendered text is split into numbered posts and posted as a reply chain. */
export const twitterThread: Integration<TwitterThreadConfig, ThreadPayload, XSecret, ThreadProgress> = {
  kind: 'twitter-thread',
  displayName: 'X (Twitter) thread',
  description: 'Split the rendered text into posts of at most 280 weighted characters and post them as a thread; resumes after failures without double posts.',
  authType: 'oauth2',
  connection: 'required',
  configSchema: twitterThreadConfigSchema as never,
  secretSchema: xSecretSchema as never,
  // X allows 200 posts per 15 minutes per user; one token per delivery (a thread), small bursts.
  rateLimit: { perConnection: { capacity: 5, refillPerSecond: 200 / 900 } },
  limits: { postWeight: MAX_POST_WEIGHT, maxPosts: MAX_THREAD_POSTS, urlWeight: 23 },
  defaultTemplate: '{{ input.text }}',

  async render(rendered, config) {
    return renderThread(rendered.body, config);
  },

  validate(payload) {
    return validateThread(payload);
  },

  deliver(payload, auth, ctx, config) {
    return deliverThread(payload, auth, ctx, config);
  },

  prepareConnection: prepareXConnection,
  testConnection: testXConnection,
};
