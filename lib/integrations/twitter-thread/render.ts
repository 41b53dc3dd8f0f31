import { splitThread, ThreadTooLongError, tweetWeight } from '@/lib/text/thread-split';
import type { ValidationIssue } from '@/lib/integrations/types';
import type { ThreadPayload, TwitterThreadConfig } from './schema';

export const MAX_POST_WEIGHT = 280;

/** The rendered template is the whole thread text; it is split into posts here. */
export function renderThread(text: string, config: Pick<TwitterThreadConfig, 'numbering' | 'maxPosts'>): ThreadPayload {
  const trimmed = text.trim();
  try {
    const { posts } = splitThread(trimmed, { numbering: config.numbering, maxPosts: config.maxPosts, maxWeight: MAX_POST_WEIGHT });
    return { text: trimmed, posts };
  } catch (error) {
    // Render must not throw on provider limits: validate names the field at fault instead.
    if (error instanceof ThreadTooLongError) {
      return { text: trimmed, posts: [], problem: `${error.message} (config.maxPosts is ${config.maxPosts})` };
    }
    throw error;
  }
}

/** X's limits on a thread: at least one post, each at most 280 weighted characters. */
export function validateThread(payload: ThreadPayload): ValidationIssue[] {
  if (payload.problem) return [{ path: 'template', message: payload.problem }];
  if (payload.posts.length === 0) return [{ path: 'template', message: 'rendered text is empty: a thread needs at least one post' }];
  const issues: ValidationIssue[] = [];
  payload.posts.forEach((post, index) => {
    const weight = tweetWeight(post);
    if (weight > MAX_POST_WEIGHT) issues.push({ path: `posts[${index}]`, message: `weighted length ${weight} exceeds ${MAX_POST_WEIGHT}` });
  });
  return issues;
}
