import { z } from 'zod';

export const MAX_THREAD_POSTS = 25;
export const DEFAULT_TIMEOUT_MS = 10_000;

export const twitterThreadConfigSchema = z
  .object({
    /** Append ` i/n` to every post of a thread of two or more posts. */
    numbering: z.boolean().default(true),
    maxPosts: z.number().int().min(1).max(MAX_THREAD_POSTS).default(MAX_THREAD_POSTS),
    /** Per request to X (posts and token refresh). */
    timeoutMs: z.number().int().min(1000).max(30_000).default(DEFAULT_TIMEOUT_MS),
  })
  .strict();
export type TwitterThreadConfig = z.output<typeof twitterThreadConfigSchema>;

const isoTime = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 time');

/** Tokens given directly until the OAuth connect flow exists; the OAuth flow stores the same shape. */
export const xSecretSchema = z
  .object({
    accessToken: z.string().min(1, 'is required').max(4096),
    refreshToken: z.string().min(1).max(4096).optional(),
    expiresAt: isoTime.optional(),
  })
  .strict();
export type XSecret = z.output<typeof xSecretSchema>;

export type ThreadPayload = {
  /** The rendered text, before splitting. */
  text: string;
  /** The posts in order, numbering included. */
  posts: string[];
  /** Why the text could not be split (too many posts); reported by validate. */
  problem?: string;
};

/**
 * Saved after every posted tweet, so a retry continues after the last one; `inDoubt` is saved
 * before each post and cleared by its answer, so a retry knows a post may exist unanswered.
 */
export type ThreadProgress = { posts: string[]; tweetIds: string[]; inDoubt?: { index: number; sentAt: string } };
