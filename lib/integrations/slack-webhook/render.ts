import { markdownToSlack } from '@/lib/text/markdown-to-slack';
import type { SlackConfig, SlackPayload } from './schema';

/** Longest fallback text derived from blocks: enough for a notification preview. */
const FALLBACK_TEXT_CHARS = 300;

/**
 * Rendered template → webhook body. `text` format converts Markdown to mrkdwn. `blocks` format
 * takes a JSON array of blocks, or an object `{text?, blocks}`; without `text`, a fallback is taken
 * from the blocks' own text (Slack shows it in notifications).
 */
export function renderSlack(body: string, config: SlackConfig): SlackPayload {
  if (config.format === 'text') return { text: markdownToSlack(body) };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unparseable';
    return { text: '', problem: `must render a JSON array of Block Kit blocks (config.format is "blocks"): ${reason}` };
  }
  if (Array.isArray(parsed)) return { text: fallbackText(parsed), blocks: parsed };
  if (isObject(parsed) && Array.isArray(parsed.blocks)) {
    const text = typeof parsed.text === 'string' && parsed.text.trim() !== '' ? parsed.text : fallbackText(parsed.blocks);
    return { text, blocks: parsed.blocks };
  }
  return { text: '', problem: 'must render a JSON array of Block Kit blocks, or an object {"text", "blocks": [...]}' };
}

function fallbackText(blocks: unknown[]): string {
  const parts: string[] = [];
  for (const block of blocks) {
    if (!isObject(block)) continue;
    const text = block.text;
    if (isObject(text) && typeof text.text === 'string') parts.push(text.text);
    else if (typeof text === 'string') parts.push(text);
  }
  const joined = parts.join('\n').trim();
  return joined.length > FALLBACK_TEXT_CHARS ? `${joined.slice(0, FALLBACK_TEXT_CHARS - 1)}…` : joined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
