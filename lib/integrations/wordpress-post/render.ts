import type { RenderedBody, ValidationIssue } from '@/lib/integrations/types';
import { TemplateError } from '@/lib/templates/engine';
import { markdownToHtml } from '@/lib/text/markdown-to-html';
import type { WordPressConfig, WordPressPayload } from './schema';

const FIELD_RENDER_TIMEOUT_MS = 500;

async function renderField(rendered: RenderedBody, template: string, path: string, issues: ValidationIssue[]): Promise<string> {
  try {
    return (await rendered.renderLiquid(template, { timeoutMs: FIELD_RENDER_TIMEOUT_MS })).trim();
  } catch (error) {
    if (error instanceof TemplateError) {
      issues.push({ path, message: error.message });
      return '';
    }
    throw error;
  }
}

/** The template renders the content; config.title and config.excerpt are Liquid with the same context. */
export async function renderPost(rendered: RenderedBody, config: WordPressConfig): Promise<WordPressPayload> {
  const issues: ValidationIssue[] = [];
  const title = await renderField(rendered, config.title, 'config.title', issues);
  const excerpt = config.excerpt === undefined ? undefined : await renderField(rendered, config.excerpt, 'config.excerpt', issues);
  const content = config.contentFormat === 'markdown' ? markdownToHtml(rendered.body) : rendered.body;
  return {
    title,
    content,
    ...(excerpt ? { excerpt } : {}),
    categories: config.categories ?? [],
    tags: config.tags ?? [],
    ...(issues.length ? { issues } : {}),
  };
}

/** WordPress refuses a post whose title, content and excerpt are all empty (`empty_content`). */
export function validatePost(payload: WordPressPayload): ValidationIssue[] {
  if (payload.issues?.length) return payload.issues;
  if (!payload.title && !payload.content.trim() && !payload.excerpt) {
    return [{ path: 'template', message: 'title, content and excerpt are all empty' }];
  }
  if (!payload.title) return [{ path: 'config.title', message: 'rendered title is empty' }];
  return [];
}
