import type { JobDefinition } from './types';

/**
 * Every queue the worker consumes, in one place. Definitions are loaded lazily so that importing
 * the registry stays cheap.
 */
export async function jobDefinitions(): Promise<JobDefinition[]> {
  const loaders: (() => Promise<JobDefinition[]>)[] = [
    // Filled by the task engine: one delivery queue per integration kind, cron firings, dead letters.
  ];
  return (await Promise.all(loaders.map((load) => load()))).flat();
}
