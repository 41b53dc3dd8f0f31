'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import {
  createTemplate,
  createTemplateSchema,
  deleteTemplate,
  forkTemplate,
  getTemplate,
  patchTemplate,
  patchTemplateSchema,
  publishTemplate,
  unpublishTemplate,
  pullUpstream,
  renderSample,
} from '@/lib/templates/library';
import { conditionSchema } from '@/lib/templates/condition';
import { RenderBudget } from '@/lib/templates/isolated';
import { createAction } from './safe-action';

const byId = z.object({ id: z.string().min(1).max(100) });

function touched(id?: string) {
  revalidatePath('/templates');
  revalidatePath('/marketplace');
  if (id) revalidatePath(`/templates/${id}`);
}

export const createTemplateAction = createAction(createTemplateSchema, async (input, { userId }) => {
  const template = await createTemplate(userId!, input);
  touched(template.id);
  return { id: template.id };
});

export const saveTemplateAction = createAction(z.object({ id: z.string().min(1).max(100), patch: patchTemplateSchema }), async ({ id, patch }, { userId }) => {
  const template = await patchTemplate(userId!, id, patch);
  touched(id);
  return { id: template.id, version: template.version };
});

export const publishTemplateAction = createAction(byId, async ({ id }, { userId }) => {
  const template = await publishTemplate(userId!, id);
  touched(id);
  return { publishedVersion: template.publishedVersion };
});

export const unpublishTemplateAction = createAction(byId, async ({ id }, { userId }) => {
  const template = await unpublishTemplate(userId!, id);
  touched(id);
  return { visibility: template.visibility };
});

export const forkTemplateAction = createAction(byId, async ({ id }, { userId }) => {
  const fork = await forkTemplate(userId!, id);
  touched(fork.id);
  return { id: fork.id };
});

export const pullTemplateAction = createAction(byId, async ({ id }, { userId }) => {
  const template = await pullUpstream(userId!, id, getTemplate);
  touched(id);
  return { version: template.version };
});

export const deleteTemplateAction = createAction(byId, async ({ id }, { userId }) => {
  await deleteTemplate(userId!, id);
  touched();
  return { deleted: true };
});

// The editor's live preview renders the sample the way saving validates it (no connection needed).
export const previewTemplateAction = createAction(
  z.object({ kind: z.string().min(1), template: z.string().min(1, 'is required'), input: z.unknown(), config: z.record(z.string(), z.unknown()).optional(), condition: conditionSchema.nullish() }),
  async (input, { userId }) =>
    renderSample(input.kind, {
      name: 'preview',
      description: '',
      body: input.template,
      sampleInput: input.input ?? null,
      mapping: null,
      condition: input.condition ?? null,
      config: input.config ?? {},
    }, new RenderBudget(userId!)),
);
