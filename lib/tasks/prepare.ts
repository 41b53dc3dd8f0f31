import { and, eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { connections, type Connection } from '@/lib/db/schema';
import { allowedTargets } from '@/lib/allowed-targets';
import { checkTargetUrl } from '@/lib/http';
import { validationError, zodDetails, type ErrorDetail } from '@/lib/errors';
import { integrationKinds, publicIntegration } from '@/lib/integrations/registry';
import type { Integration } from '@/lib/integrations/types';
import { TemplateError } from '@/lib/templates/engine';
import type { RenderBudget } from '@/lib/templates/isolated';
import { templateErrorDetail } from '@/lib/templates/template-error';
import { buildContext, renderPayload } from './render';
import type { CreateTaskInput } from './schemas';
import { checkTemplateSyntax, resolveTemplateSource, type TemplateSource } from './template-source';

export type PreparedTask = {
  input: CreateTaskInput;
  integration: Integration;
  config: Record<string, unknown>;
  connection: Connection | null;
  source: TemplateSource;
};

/** The columns a task's (validated) definition sets: written at create and again by PATCH. */
export function definitionColumns(p: PreparedTask) {
  const { input } = p;
  return {
    name: input.name ?? null,
    connectionId: p.connection?.id ?? null,
    templateId: p.source.templateId,
    templateVersion: p.source.templateVersion,
    template: p.source.body,
    input: input.input as object,
    config: p.config,
    mapping: p.source.mapping,
    condition: p.source.condition,
    runAt: input.runAt ? new Date(input.runAt) : null,
    schedule: input.schedule ?? null,
    dependsOn: input.dependsOn ?? [],
    batchKey: input.batchKey ?? null,
    batchWindowSeconds: input.batchWindowSeconds ?? 60,
    maxAttempts: input.maxAttempts ?? 8,
    notify: input.notify ?? null,
    approval: approvalOf(p),
    approvalExpiresAt: p.input.approvalExpiresAt ? new Date(p.input.approvalExpiresAt) : null,
  };
}

/**
 * Whether the task waits for a person after its render: its own `approval`, else the default of its
 * template or its connection (`requireApproval`).
 */
function approvalOf(p: PreparedTask): 'required' | null {
  if (p.input.approval) return p.input.approval === 'required' ? 'required' : null;
  return p.source.requireApproval || p.connection?.metadata.requireApproval === true ? 'required' : null;
}

/** Parses a kind's config and applies its environment checks (SSRF guard); issues are prefixed. */
export function parseConfig(integration: Integration, raw: unknown, prefix: string): Record<string, unknown> {
  const parsed = integration.configSchema.safeParse(raw ?? {});
  if (!parsed.success) throw validationError(zodDetails(parsed.error, `${prefix}config`));
  const config = parsed.data as Record<string, unknown>;
  const issues = integration.checkConfig?.(config, { allowedTargets: allowedTargets() }) ?? [];
  if (issues.length) throw validationError(issues.map((i) => ({ path: `${prefix}config.${i.path}`, message: i.message })));
  return config;
}

export function integrationFor(kind: string, prefix: string): Integration {
  const integration = publicIntegration(kind);
  if (!integration) throw validationError([{ path: `${prefix}kind`, message: `must be one of: ${integrationKinds().join(', ')}` }]);
  return integration;
}

/** The caller's connection of the right kind; anything else is "no such connection" (never reveals others'). */
export async function ownedConnectionFor(
  database: Db,
  userId: string,
  integration: Integration,
  connectionId: string | null | undefined,
  prefix: string,
): Promise<Connection | null> {
  if (!connectionId) {
    if (integration.connection === 'required') {
      throw validationError([{ path: `${prefix}connectionId`, message: `is required for ${integration.kind}` }]);
    }
    return null;
  }
  if (integration.connection === 'none') {
    throw validationError([{ path: `${prefix}connectionId`, message: `${integration.kind} takes no connection` }]);
  }
  const [row] = await database
    .select()
    .from(connections)
    .where(and(eq(connections.id, connectionId), eq(connections.userId, userId)))
    .limit(1);
  if (!row || row.kind !== integration.kind) {
    throw validationError([{ path: `${prefix}connectionId`, message: `no such ${integration.kind} connection` }]);
  }
  return row;
}

/** Turns a template failure at create/preview time into a 400 naming the field at fault. */
export function templateIssue(error: unknown, prefix: string, bodyField: string): ErrorDetail {
  if (error instanceof TemplateError) {
    const field = error.name === 'MappingError' ? 'mapping' : bodyField;
    return templateErrorDetail(error, `${prefix}${field}`);
  }
  throw error;
}

/**
 * Every check of a create request that needs the database or the integration, before anything is
 * written: kind, config (+SSRF), connection ownership, template, and a trial render when the
 * template's whole context is already known (no deps, no batch), else a parse. Renders and parses
 * run in render threads on `budget`, the request's one budget for all its templates.
 */
export async function prepareTask(database: Db, userId: string, input: CreateTaskInput, budget: RenderBudget, prefix = ''): Promise<PreparedTask> {
  const integration = integrationFor(input.kind, prefix);
  const source = await resolveTemplateSource(database, userId, integration, input, prefix);
  const config = parseConfig(integration, { ...source.configDefaults, ...input.config }, prefix);
  const connection = await ownedConnectionFor(database, userId, integration, input.connectionId, prefix);
  if (input.notify) {
    // Like any target: the SSRF guard refuses loopback and private addresses at create.
    const check = checkTargetUrl(input.notify.url, allowedTargets());
    if (!check.ok) throw validationError([{ path: `${prefix}notify.url`, message: check.reason }]);
  }
  // Refused here, not at delivery: a task that cannot be signed would only fail an hour of retries later.
  if (config.sign === true && !(connection?.metadata as { signs?: boolean } | undefined)?.signs) {
    throw validationError([
      { path: `${prefix}config.sign`, message: connection ? 'the connection has no signingSecret to sign with' : 'signing needs a connection holding a signingSecret' },
    ]);
  }
  if (connection && integration.checkConnection) {
    const issues = integration.checkConnection(config, { id: connection.id, label: connection.label, metadata: connection.metadata });
    if (issues.length) throw validationError(issues.map((issue) => ({ ...issue, path: `${prefix}config.${issue.path}` })));
  }
  if (input.batchKey && (input.dependsOn?.length || input.runAt)) {
    throw validationError([{ path: `${prefix}batchKey`, message: 'a batched task cannot also have dependsOn or runAt' }]);
  }
  const bodyField = input.templateId ? 'templateId' : 'template';
  if (!input.dependsOn?.length && !input.batchKey) {
    await trialRender(integration, source, input.input, config, budget, prefix, bodyField);
  } else {
    await checkTemplateSyntax(source, integration.liquidFields?.(config) ?? {}, prefix, bodyField, budget);
  }
  return { input, integration, config, connection, source };
}

export async function trialRender(
  integration: Integration,
  source: TemplateSource,
  input: unknown,
  config: Record<string, unknown>,
  budget: RenderBudget,
  prefix: string,
  bodyField: string,
): Promise<void> {
  let errors;
  try {
    const context = buildContext({ input, mapping: source.mapping });
    ({ errors } = await renderPayload(integration, source.body, context, config, budget));
  } catch (error) {
    throw validationError([templateIssue(error, prefix, bodyField)]);
  }
  if (errors.length) throw validationError(errors.map((e) => ({ path: `${prefix}${e.path === 'template' ? bodyField : e.path}`, message: e.message })));
}

