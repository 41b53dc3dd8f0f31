import { describe, expect, it } from 'vitest';
import { appUrl } from '../support/app';
import { create, httpTask, newClient, receiver, sandbox, waitForStatus, type Client } from '../engine/helpers';

// DESIGN §6: templates are untrusted work. Hostile renders run in the render threads under a hard
// deadline and one budget per request, so the web app and the worker keep answering everyone.

// liquidjs' cooperative renderLimit does not stop these in time (range creation is one step).
const RUNAWAY = '{% for i in (1..19999999) %}{% endfor %}';
const NESTED = '{% for i in (1..5000) %}{% for j in (1..5000) %}{% assign k = j %}{% endfor %}{% endfor %}';
const STRINGS = '{% assign s = "xxxxxxxxxx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}';
const RUNAWAY_CONDITION = '(1..19999999) contains 0';

type Sample = { ms: number; status: number };

/** Polls /api/health back to back until `until` settles; the latencies are what a visitor would see. */
async function healthWhile(until: Promise<unknown>): Promise<Sample[]> {
  let done = false;
  void until.finally(() => (done = true));
  const samples: Sample[] = [];
  while (!done) {
    const started = performance.now();
    const res = await fetch(`${appUrl()}/api/health`);
    await res.arrayBuffer();
    samples.push({ ms: performance.now() - started, status: res.status });
    await new Promise((r) => setTimeout(r, 20));
  }
  return samples;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function taskCount(client: Client): Promise<number> {
  const res = await client.get('/tasks?limit=100');
  expect(res.status).toBe(200);
  return res.body.data.length;
}

describe('rendering in isolation (web)', () => {
  it('keeps /api/health answering while ten hostile previews run', async () => {
    const { client } = await newClient();
    const templates = [RUNAWAY, NESTED, STRINGS, RUNAWAY, NESTED, RUNAWAY, STRINGS, RUNAWAY, NESTED, RUNAWAY];
    const started = performance.now();
    const previews = Promise.all(
      templates.map((template) => client.post('/preview', { kind: 'http-post', config: { url: receiver().url }, input: {}, template })),
    );
    const samples = await healthWhile(previews);
    const answers = await previews;
    expect(samples.length).toBeGreaterThan(5);
    expect(samples.every((s) => s.status === 200)).toBe(true);
    // Generous for a loaded 2-core CI box; `npm run bench:hostile` holds the 100 ms p99 target.
    expect(percentile(samples.map((s) => s.ms), 95)).toBeLessThan(1_000);
    // A template that cannot render is a 400 at preview, as at create and at template save (issue 11).
    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(res.body.error.details[0]).toMatchObject({ path: 'template', message: expect.stringMatching(/limit exceeded/u) });
    }
    expect(performance.now() - started).toBeLessThan(60_000);
  });

  it("keeps another user's ordinary preview within 2x of its quiet latency while one user runs hostile previews at full rate (issue 17, finding 5)", async () => {
    const hostile = await newClient();
    const ordinary = await newClient();
    const preview = () => ordinary.client.post('/preview', httpTask(receiver().url));
    const timed = async () => {
      const started = performance.now();
      const res = await preview();
      expect(res.status).toBe(200);
      return performance.now() - started;
    };
    for (let i = 0; i < 5; i++) await timed();
    const quiet: number[] = [];
    for (let i = 0; i < 30; i++) quiet.push(await timed());

    // 16 hostile previews in flight all the time: each answered one is replaced at once.
    let stop = false;
    const statuses: number[] = [];
    const loops = Array.from({ length: 16 }, async () => {
      while (!stop) {
        const res = await hostile.client.post('/preview', { kind: 'http-post', config: { url: receiver().url }, input: {}, template: RUNAWAY });
        statuses.push(res.status);
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    const loaded: number[] = [];
    const until = performance.now() + 8000;
    while (performance.now() < until) loaded.push(await timed());
    stop = true;
    await Promise.all(loops);

    const quietP50 = percentile(quiet, 50);
    const loadedP50 = percentile(loaded, 50);
    console.log(`ordinary preview p50: quiet ${quietP50.toFixed(1)} ms, with 16 hostile previews of another user ${loadedP50.toFixed(1)} ms (${loaded.length} samples, p95 ${percentile(loaded, 95).toFixed(1)} ms)`);
    // The hostile user's own previews still end as 400s (or 503 when their own queue is full).
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 400 || status === 503)).toBe(true);
    // Unfair, the ordinary preview waits behind hostile renders for their whole deadline (measured
    // ~2,000 ms); fair, it stays near its quiet time. The 2× target is the benchmark's (npm run
    // bench:hostile); here, beside the rest of the suite on two shared cores, the bound is looser.
    expect(loadedP50).toBeLessThan(4 * quietP50 + 50);
  }, 60_000);

  it('answers a hostile condition in a preview with a clear error', async () => {
    const { client } = await newClient();
    const res = await client.post('/preview', { kind: 'http-post', config: { url: receiver().url }, input: {}, template: '{}', condition: RUNAWAY_CONDITION });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ path: 'condition', message: expect.stringMatching(/render time limit exceeded/u) });
  });

  for (const size of [50, 500]) {
    it(`refuses a batch of ${size} hostile tasks as a whole, fast, naming tasks[i].template, writing nothing`, async () => {
      const { client } = await newClient();
      const tasks = Array.from({ length: size }, () => httpTask(receiver().url, { template: RUNAWAY }));
      const started = performance.now();
      const batch = client.post('/tasks/batch', { tasks });
      const samples = await healthWhile(batch);
      const res = await batch;
      const elapsed = performance.now() - started;
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      const details: { path: string; message: string }[] = res.body.error.details;
      expect(details.length).toBeGreaterThan(0);
      for (const detail of details) {
        expect(detail.path).toMatch(/^tasks\[\d+\]\.template$/u);
        expect(detail.message).toMatch(/limit exceeded/u);
      }
      // One budget (2 s by default) for the whole batch, not one render limit per task.
      expect(elapsed).toBeLessThan(15_000);
      expect(percentile(samples.map((s) => s.ms), 95)).toBeLessThan(1_000);
      expect(await taskCount(client)).toBe(0);
    });
  }

  it('refuses a hostile template at create (and PATCH) with a 400 naming the field', async () => {
    const { client } = await newClient();
    const created = await client.post('/tasks', httpTask(receiver().url, { template: NESTED }));
    expect(created.status).toBe(400);
    expect(created.body.error.details[0]).toMatchObject({ path: 'template', message: expect.stringMatching(/limit exceeded/u) });

    const draft = await create(client, httpTask(receiver().url, { draft: true }));
    const patched = await client.patch(`/tasks/${draft.id}`, { template: RUNAWAY });
    expect(patched.status).toBe(400);
    expect(patched.body.error.details[0].path).toBe('template');
    expect((await client.get(`/tasks/${draft.id}`)).body.template).toBe(httpTask('').template);
  });

  it('still renders ordinary templates everywhere: preview, create, delivery, conditions', async () => {
    const { client } = await newClient();
    const target = receiver();
    const preview = await client.post('/preview', { ...httpTask(target.url), condition: 'input.n == 1' });
    expect(preview.body).toEqual({ payload: expect.objectContaining({ body: '{"title": "Hello", "n": 1}' }), validation: { ok: true, errors: [] }, wouldRun: true });
    const task = await create(client, { ...httpTask(target.url), condition: 'input.n == 1' });
    expect((await waitForStatus(client, task.id)).status).toBe('succeeded');
    const [request] = await sandbox().waitForRequests({ path: target.path });
    expect(request!.body).toEqual({ title: 'Hello', n: 1 });
  });
});

describe('rendering in isolation (worker)', () => {
  it('fails a task whose template explodes at delivery, without holding up other deliveries', async () => {
    const { client } = await newClient();
    const first = await create(client, httpTask(receiver().url, { draft: true }));
    // Only parsed at create (its context waits on the dependency), rendered at delivery.
    const hostile = await Promise.all(
      [RUNAWAY, RUNAWAY, NESTED, RUNAWAY].map((template) => create(client, httpTask(receiver().url, { template, dependsOn: [first.id] }))),
    );
    const conditional = await create(client, httpTask(receiver().url, { condition: RUNAWAY_CONDITION, dependsOn: [first.id] }));
    expect((await client.post(`/tasks/${first.id}/run`)).status).toBeLessThan(300);
    expect((await waitForStatus(client, first.id)).status).toBe('succeeded');

    // Another user's task, delivered while the hostile renders occupy the render threads: the
    // worker's loop is free, and that user's render is served before the hostile queue drains.
    const other = await newClient();
    const plain = await create(other.client, httpTask(receiver().url));
    const finished: string[] = [];
    const watch = (c: Client, id: string, label: string) => waitForStatus(c, id, undefined, 120_000).then((t) => (finished.push(label), t));
    const [plainDone, conditionalDone, ...hostileDone] = await Promise.all([
      watch(other.client, plain.id, 'plain'),
      watch(client, conditional.id, 'hostile'),
      ...hostile.map((t) => watch(client, t.id, 'hostile')),
    ]);

    expect(plainDone.status).toBe('succeeded');
    expect(finished.indexOf('plain')).toBeLessThan(finished.length - 1);
    for (const task of [conditionalDone, ...hostileDone]) {
      expect(task.status).toBe('failed');
      expect(task.lastError).toMatchObject({ code: 'template_error', message: expect.stringMatching(/limit exceeded/u) });
    }
  });
});
