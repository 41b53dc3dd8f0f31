import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTask, newClient, receiver, sandbox, type Client } from './helpers';

const userCap = Number(process.env.OUTPOST_USER_CONCURRENCY);
const workerSlots = Number(process.env.OUTPOST_WORKER_CONCURRENCY);

let hanging: Client;
let patient: Client;
let hangingIds: string[] = [];
beforeAll(async () => {
  ({ client: hanging } = await newClient());
  ({ client: patient } = await newClient());
});
afterAll(async () => {
  // The hung deliveries end as cancelled instead of holding slots for the next files.
  await Promise.all(hangingIds.map((id) => hanging.post(`/tasks/${id}/cancel`)));
  await sandbox().clearFaults();
});

describe('per-user fairness', () => {
  it("delivers another user's tasks while one user's endpoint hangs for 25 s", async () => {
    // The test worker has fewer slots than the hanging user's tasks: only the per-user cap leaves room.
    expect(userCap).toBeLessThan(workerSlots);
    expect(60).toBeGreaterThan(workerSlots);
    const slow = receiver();
    const fast = receiver();
    await sandbox().fault({ target: 'http', path: slow.path, type: 'hang', ms: 25_000, times: 'always' });
    const b = await hanging.post('/tasks/batch', {
      tasks: Array.from({ length: 60 }, (_, n) => httpTask(slow.url, { input: { title: 'slow', n }, config: { url: slow.url, timeoutMs: 30_000 } })),
    });
    expect(b.status).toBe(201);
    hangingIds = b.body.data.map((t: { id: string }) => t.id);
    // B's deliveries really are in flight (the sandbox holds them open) before A arrives.
    await sandbox().waitForRequests({ path: slow.path }, { count: userCap, timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 1_000));

    const createdAt = Date.now();
    const a = await patient.post('/tasks/batch', { tasks: Array.from({ length: 20 }, (_, n) => httpTask(fast.url, { input: { title: 'fast', n } })) });
    expect(a.status).toBe(201);
    const arrived = await sandbox().waitForRequests({ path: fast.path }, { count: 20, timeoutMs: 10_000 });
    const lastArrival = Math.max(...arrived.map((r) => Date.parse(r.at)));
    expect(lastArrival - createdAt).toBeLessThan(10_000);

    // Meanwhile B held exactly its cap of slots, every one of them still hanging.
    const bArrived = await sandbox().requests({ path: slow.path });
    expect(bArrived).toHaveLength(userCap);
    const bStatuses = await Promise.all(hangingIds.map(async (id) => (await hanging.get(`/tasks/${id}`)).body.status as string));
    expect(bStatuses.filter((s) => s === 'running')).toHaveLength(userCap);
    expect(bStatuses.filter((s) => s === 'queued')).toHaveLength(60 - userCap);
  }, 60_000);
});
