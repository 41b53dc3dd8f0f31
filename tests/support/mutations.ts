// Mutations of a valid request at every field, for the fuzz tests of the REST routes
// (tests/hostile/api-mutations.test.ts) and the MCP tools (tests/hostile/mcp-mutations.test.ts).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const MUTATIONS: { name: string; apply: (value: Json) => Json | undefined }[] = [
  { name: 'null', apply: () => null },
  { name: 'a number', apply: () => 12345 },
  { name: 'a negative float', apply: () => -1.5e300 },
  { name: 'a boolean', apply: () => true },
  { name: 'an empty string', apply: () => '' },
  { name: 'a huge string', apply: () => 'x'.repeat(20_000) },
  { name: 'a string', apply: () => 'not what was expected' },
  { name: 'an array', apply: (value) => [value] },
  { name: 'an empty object', apply: () => ({}) },
  { name: 'removed', apply: () => undefined },
];

/** Every path to a field of `value` (object keys and array indexes), outermost first. */
export function fieldPaths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...fieldPaths(child, [...prefix, key])]);
}

/** A copy of `body` with the field at `path` replaced by what `apply` makes of it (removed for undefined). */
export function mutate(body: Json, path: (string | number)[], apply: (value: Json) => Json | undefined): Json {
  const copy = structuredClone(body) as Json;
  let parent = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path.at(-1)!;
  const next = apply(parent[last]!);
  if (next !== undefined) parent[last] = next;
  else if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
  return copy;
}

/** Every field of `body` in turn, mutated every way: what was done, and the body it made. */
export function mutationsOf(body: Json): { what: string; body: Json }[] {
  return fieldPaths(body).flatMap((path) => MUTATIONS.map((m) => ({ what: `${path.join('.')} → ${m.name}`, body: mutate(body, path, m.apply) })));
}
