import type { ValidationIssue } from '@/lib/integrations/types';
import { isObject } from './render';
import type { SlackPayload } from './schema';

export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  blockId: 255,
  // Slack truncates longer messages; refusing them is clearer than a silently cut message.
  text: 40_000,
} as const;

/** Slack's limits on a webhook message (DESIGN §4); paths name the payload field at fault. */
export function validateSlackPayload(payload: SlackPayload): ValidationIssue[] {
  if (payload.problem) return [{ path: 'template', message: payload.problem }];
  const issues: ValidationIssue[] = [];
  if (payload.text.trim() === '' && !payload.blocks?.length) {
    issues.push({ path: 'payload.text', message: 'the template rendered no text: Slack refuses an empty message (no_text)' });
  } else if (payload.blocks?.length && payload.text.trim() === '') {
    issues.push({ path: 'payload.text', message: 'no text: give the blocks a section or header text, or render {"text", "blocks"}' });
  }
  if (payload.text.length > SLACK_LIMITS.text) {
    issues.push({ path: 'payload.text', message: `must be at most ${SLACK_LIMITS.text} characters (has ${payload.text.length})` });
  }
  if (payload.blocks) issues.push(...validateBlocks(payload.blocks));
  return issues;
}

function validateBlocks(blocks: unknown[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (blocks.length > SLACK_LIMITS.blocks) {
    issues.push({ path: 'payload.blocks', message: `must have at most ${SLACK_LIMITS.blocks} blocks (has ${blocks.length})` });
  }
  blocks.forEach((block, i) => issues.push(...validateBlock(block, `payload.blocks[${i}]`)));
  return issues;
}

function validateBlock(block: unknown, path: string): ValidationIssue[] {
  if (!isObject(block) || typeof block.type !== 'string') return [{ path, message: 'must be a block object with a "type"' }];
  const issues: ValidationIssue[] = [];
  if (block.block_id !== undefined && (typeof block.block_id !== 'string' || block.block_id.length > SLACK_LIMITS.blockId)) {
    issues.push({ path: `${path}.block_id`, message: `must be a string of at most ${SLACK_LIMITS.blockId} characters` });
  }
  if (block.type === 'section') {
    if (block.text === undefined && block.fields === undefined) issues.push({ path, message: 'a section needs "text" or "fields"' });
    if (block.text !== undefined) issues.push(...textObject(block.text, `${path}.text`, SLACK_LIMITS.sectionText));
    if (block.fields !== undefined) {
      if (!Array.isArray(block.fields)) issues.push({ path: `${path}.fields`, message: 'must be an array of text objects' });
      else {
        if (block.fields.length > SLACK_LIMITS.sectionFields) {
          issues.push({ path: `${path}.fields`, message: `must have at most ${SLACK_LIMITS.sectionFields} fields (has ${block.fields.length})` });
        }
        block.fields.forEach((f, i) => issues.push(...textObject(f, `${path}.fields[${i}]`, SLACK_LIMITS.sectionFieldText)));
      }
    }
  } else if (block.type === 'header') {
    issues.push(...textObject(block.text, `${path}.text`, SLACK_LIMITS.headerText, true));
  }
  return issues;
}

function textObject(value: unknown, path: string, max: number, plainOnly = false): ValidationIssue[] {
  if (!isObject(value) || typeof value.text !== 'string') return [{ path, message: 'must be a text object {"type", "text"}' }];
  const types = plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  if (!types.includes(value.type as string)) return [{ path: `${path}.type`, message: `must be ${types.join(' or ')}` }];
  if (value.text.length === 0) return [{ path: `${path}.text`, message: 'must not be empty' }];
  if (value.text.length > max) return [{ path: `${path}.text`, message: `must be at most ${max} characters (has ${value.text.length})` }];
  return [];
}
