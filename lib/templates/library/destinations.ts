import { getIntegration } from '@/lib/integrations/registry';

/**
 * Config without the kind's destination fields (http-post's `url`), for content that crosses from
 * one user to another (a fork, a pull from the origin): the author of a shared template shapes the
 * message, never where another user's deliveries — and their connection's secrets — go. The fork
 * keeps its own destination, if its owner set one.
 */
export function withOwnDestination(kind: string, incoming: Record<string, unknown>, own: Record<string, unknown> = {}): Record<string, unknown> {
  const fields = getIntegration(kind)?.destinationFields ?? [];
  const kept = Object.fromEntries(Object.entries(incoming).filter(([key]) => !fields.includes(key)));
  for (const field of fields) if (own[field] !== undefined) kept[field] = own[field];
  return kept;
}
