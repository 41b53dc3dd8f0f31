import type { JobDefinition } from './types';

/**
 * Every queue the worker consumes, in one place. Definitions are loaded lazily so that importing
 * the registry stays cheap.
 */
export async function jobDefinitions(): Promise<JobDefinition[]> {
  const loaders: (() => Promise<JobDefinition[]>)[] = [
    // The task engine: dead letters first (delivery queues name it as their deadLetter).
    async () => (await import('./dead-letter')).deadLetterJobs(),
    async () => (await import('./cron')).cronJobs(),
    async () => (await import('./deliver')).deliveryJobs(),
    async () => (await import('./credentials')).credentialsJobs(),
    async () => (await import('./limit-cleanup')).limitCleanupJobs(),
    async () => (await import('./retention')).retentionJobs(),
  ];
  return (await Promise.all(loaders.map((load) => load()))).flat();
}
