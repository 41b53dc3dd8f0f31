import type { OutputTask, TaskAttempt } from '@/lib/db/schema';
import type { Condition } from '@/lib/templates/condition';

/** The task as the API shows it (DESIGN §3 task fields, nothing internal). */
export type TaskView = {
  id: string;
  kind: string;
  name: string | null;
  status: OutputTask['status'];
  connectionId: string | null;
  templateId: string | null;
  templateVersion: number | null;
  template: string | null;
  input: unknown;
  config: Record<string, unknown>;
  mapping: Record<string, unknown> | null;
  condition: Condition | null;
  runAt: string | null;
  schedule: string | null;
  dependsOn: string[];
  batchKey: string | null;
  batchWindowSeconds: number;
  maxAttempts: number;
  attempts: number;
  result: unknown;
  lastError: { code: string; message: string } | null;
  approval: 'required' | null;
  approvalPayload: unknown;
  approvalExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
};

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function toTaskView(row: OutputTask): TaskView {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    status: row.status,
    connectionId: row.connectionId,
    templateId: row.templateId,
    templateVersion: row.templateVersion,
    // A template given by id is pinned by copying its body; show only what the caller gave.
    template: row.templateId ? null : row.template,
    input: row.input,
    config: row.config,
    mapping: row.mapping ?? null,
    condition: row.condition,
    runAt: iso(row.runAt),
    schedule: row.schedule,
    dependsOn: row.dependsOn,
    batchKey: row.batchKey,
    batchWindowSeconds: row.batchWindowSeconds,
    maxAttempts: row.maxAttempts,
    attempts: row.attempts,
    result: row.result ?? null,
    lastError: row.lastError ?? null,
    approval: row.approval ?? null,
    approvalPayload: row.approvalPayload ?? null,
    approvalExpiresAt: iso(row.approvalExpiresAt),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

export type AttemptView = Omit<TaskAttempt, 'taskId' | 'startedAt' | 'finishedAt'> & { startedAt: string; finishedAt: string | null };

export function toAttemptView(row: TaskAttempt): AttemptView {
  const { taskId: _taskId, ...rest } = row;
  return { ...rest, startedAt: iso(row.startedAt)!, finishedAt: iso(row.finishedAt) };
}
