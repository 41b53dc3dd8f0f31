import { z } from 'zod';
import { uuid } from './ids';
import { TARGETS, type Fault, type FaultAction, type FaultSpec, type Target } from './types';

const match = {
  target: z.enum(TARGETS),
  path: z.string().startsWith('/').optional(),
  method: z.string().min(1).optional(),
  after: z.number().int().min(0).optional(),
  times: z.union([z.number().int().min(1), z.literal('always')]).optional(),
};

export const faultSpecSchema = z
  .discriminatedUnion('type', [
    z.object({
      ...match,
      type: z.literal('status'),
      status: z.number().int().min(100).max(599),
      body: z.unknown().optional(),
      headers: z.record(z.string(), z.string()).optional(),
    }),
    z.object({ ...match, type: z.literal('rate_limit'), retryAfterSeconds: z.number().min(0).max(86_400) }),
    z.object({ ...match, type: z.literal('server_error'), status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional() }),
    z.object({ ...match, type: z.literal('hang'), ms: z.number().int().min(0).max(600_000).optional() }),
    z.object({ ...match, type: z.literal('hang_after_create'), mode: z.enum(['destroy', 'hang']).optional() }),
    z.object({ ...match, type: z.literal('auth_revoked') }),
    z.object({ ...match, type: z.literal('duplicate') }),
  ])
  .refine((spec) => spec.type !== 'duplicate' || ['x', 'wordpress', 'http'].includes(spec.target), {
    message: 'Slack and Discord have no duplicate error: use the duplicate fault with x, wordpress or http',
  }) satisfies z.ZodType<FaultSpec>;

/** Scripted failures, consumed in the order they were added. */
export class FaultBook {
  private faults: Fault[] = [];

  add(spec: FaultSpec): Fault {
    const fault: Fault = { id: uuid(), spec, skipped: 0, applied: 0 };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults;
  }

  clear(): void {
    this.faults = [];
  }

  /**
   * Finds the fault for this request and counts it. A fault still letting requests through (`after`)
   * counts the request and lets later faults have their say.
   */
  take(target: Target, method: string, path: string): FaultAction | undefined {
    for (const fault of this.faults) {
      const { spec } = fault;
      if (spec.target !== target) continue;
      if (spec.method && spec.method.toUpperCase() !== method) continue;
      if (spec.path && !path.startsWith(spec.path)) continue;
      if (fault.skipped < (spec.after ?? 0)) {
        fault.skipped++;
        continue;
      }
      fault.applied++;
      if (spec.times !== 'always' && fault.applied >= (spec.times ?? 1)) {
        this.faults = this.faults.filter((f) => f !== fault);
      }
      return toAction(spec);
    }
    return undefined;
  }
}

function toAction(spec: FaultSpec): FaultAction {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { target, path, method, after, times, ...action } = spec;
  return action as FaultAction;
}
