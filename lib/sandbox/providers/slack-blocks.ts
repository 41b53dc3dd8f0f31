import { isPlainObject } from '../http';

// Block Kit limits Slack enforces on webhook posts (https://api.slack.com/reference/block-kit).
const MAX_BLOCKS = 50;
const KNOWN_TYPES = new Set([
  'section', 'divider', 'header', 'context', 'image', 'actions', 'rich_text', 'markdown', 'input', 'file', 'video',
]);

type TextObject = { type: 'plain_text' | 'mrkdwn'; text: string };

function isTextObject(value: unknown, max: number, plainOnly = false): value is TextObject {
  if (!isPlainObject(value) || typeof value.text !== 'string') return false;
  if (value.type !== 'plain_text' && (plainOnly || value.type !== 'mrkdwn')) return false;
  return value.text.length >= 1 && value.text.length <= max;
}

function validBlock(block: unknown): boolean {
  if (!isPlainObject(block) || typeof block.type !== 'string' || !KNOWN_TYPES.has(block.type)) return false;
  if (block.block_id !== undefined && (typeof block.block_id !== 'string' || block.block_id.length > 255)) return false;
  switch (block.type) {
    case 'section': {
      const fields = block.fields;
      if (block.text === undefined && fields === undefined) return false;
      if (block.text !== undefined && !isTextObject(block.text, 3000)) return false;
      if (fields === undefined) return true;
      return Array.isArray(fields) && fields.length <= 10 && fields.every((f) => isTextObject(f, 2000));
    }
    case 'header':
      return isTextObject(block.text, 150, true);
    case 'context':
      return Array.isArray(block.elements) && block.elements.length >= 1 && block.elements.length <= 10;
    case 'image':
      return typeof block.image_url === 'string' || isPlainObject(block.slack_file)
        ? typeof block.alt_text === 'string' && block.alt_text.length <= 2000
        : false;
    case 'markdown':
      return typeof block.text === 'string' && block.text.length <= 12000;
    case 'actions':
      return Array.isArray(block.elements) && block.elements.length >= 1 && block.elements.length <= 25;
    default:
      return true;
  }
}

export function validateSlackBlocks(blocks: unknown): boolean {
  return Array.isArray(blocks) && blocks.length <= MAX_BLOCKS && blocks.every(validBlock);
}
