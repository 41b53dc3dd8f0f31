import { z } from 'zod';
import type { ValidationIssue } from '@/lib/integrations/types';

export const DEFAULT_TIMEOUT_MS = 10_000;
const termName = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const wordpressConfigSchema = z
  .object({
    /** Liquid, rendered with the same context as the content template. */
    title: z.string().min(1, 'is required').max(10_000),
    /** Liquid, like the title. */
    excerpt: z.string().max(10_000).optional(),
    /** The post's slug; when absent Outpost derives one from the title plus a task suffix. */
    slug: z
      .string()
      .max(190)
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters, digits and single hyphens (e.g. "my-post")')
      .optional(),
    /** Names; looked up on the site (and created when createTerms is true). */
    categories: z.array(termName).max(20).optional(),
    tags: z.array(termName).max(50).optional(),
    contentFormat: z.enum(['markdown', 'html']).default('markdown'),
    createTerms: z.boolean().default(true),
    /** Per request to the site. */
    timeoutMs: z.number().int().min(1000).max(30_000).default(DEFAULT_TIMEOUT_MS),
  })
  .strict();
export type WordPressConfig = z.output<typeof wordpressConfigSchema>;

export const wordpressSecretSchema = z
  .object({
    siteUrl: z.string().trim().max(2048).url('must be the absolute URL of the WordPress site, e.g. https://blog.example.com'),
    username: z.string().trim().min(1, 'is required').max(200),
    applicationPassword: z.string().trim().min(1, 'is required').max(200),
  })
  .strict();
export type WordPressSecret = z.output<typeof wordpressSecretSchema>;

/** A WordPress.com site connected with OAuth (the connect flow): a Bearer token for one blog. */
export type WordPressComSecret = { accessToken: string; blogId: string; blogUrl: string };

/** What a wordpress-post connection stores: an application password, or a WordPress.com token. */
export type StoredWordPressSecret = WordPressSecret | WordPressComSecret;

export const isWordPressCom = (secret: StoredWordPressSecret): secret is WordPressComSecret => 'accessToken' in secret;

export type WordPressPayload = {
  title: string;
  /** HTML, as sent to WordPress. */
  content: string;
  excerpt?: string;
  categories: string[];
  tags: string[];
  /** Problems rendering the title/excerpt templates; reported by validate, naming the config field. */
  issues?: ValidationIssue[];
};

/** The slug Outpost assigned, saved before the create so a retry can find the post it may have made. */
export type WordPressProgress = { slug: string };
