import { parseAllowedTargets } from '@/lib/http/allowed-targets';

let cache: { raw: string; set: Set<string> } | undefined;

/** OUTPOST_ALLOWED_TARGETS as a set of `host:port`, re-parsed only when the variable changes. */
export function allowedTargets(): Set<string> {
  const raw = process.env.OUTPOST_ALLOWED_TARGETS ?? '';
  if (cache?.raw !== raw) cache = { raw, set: parseAllowedTargets(raw) };
  return cache.set;
}
