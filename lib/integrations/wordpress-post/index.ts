import type { Integration } from '@/lib/integrations/types';
import { prepareWordPressConnection, testWordPressConnection } from './connection';
import { deliverPost } from './deliver';
import { renderPost, validatePost } from './render';
import {
  wordpressConfigSchema,
  wordpressSecretSchema,
  type WordPressConfig,
  type WordPressPayload,
  type WordPressProgress,
  type WordPressSecret,
} from './schema';

/** WordPress draft post (DESIGN §4): the template renders the content; Outpost never publishes. */
export const wordpressPost: Integration<WordPressConfig, WordPressPayload, WordPressSecret, WordPressProgress> = {
  kind: 'wordpress-post',
  displayName: 'WordPress draft post',
  description: 'Create a draft post on a self-hosted WordPress site (application password) or a WordPress.com site (OAuth), with categories and tags; exactly once, even when a response is lost.',
  authType: 'app-password',
  connection: 'required',
  configSchema: wordpressConfigSchema as never,
  secretSchema: wordpressSecretSchema as never,
  // WordPress core has no rate limit; stay gentle with small sites.
  rateLimit: { perConnection: { capacity: 5, refillPerSecond: 1 } },
  limits: { categories: 20, tags: 50 },
  defaultTemplate: '{{ input.body }}',

  liquidFields(config) {
    return { title: config.title, ...(config.excerpt === undefined ? {} : { excerpt: config.excerpt }) };
  },

  render(rendered, config) {
    return renderPost(rendered, config);
  },

  validate(payload) {
    return validatePost(payload);
  },

  deliver(payload, auth, ctx, config) {
    return deliverPost(payload, auth, ctx, config);
  },

  prepareConnection: prepareWordPressConnection,
  testConnection: testWordPressConnection,
};
