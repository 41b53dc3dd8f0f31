import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSignInAllowed } from '@/lib/auth/sign-in-limits';
import { appUrl } from '../support/app';

describe('sign-in throttling', () => {
  it('allows five tries per email a minute, then says when to come back', async () => {
    const email = `throttle-${randomUUID()}@example.test`;
    for (let i = 0; i < 5; i++) expect((await checkSignInAllowed(email, null)).ok).toBe(true);
    const sixth = await checkSignInAllowed(email, null);
    expect(sixth).toMatchObject({ ok: false });
    expect(sixth.ok === false && sixth.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('keeps separate budgets per email', async () => {
    const a = `a-${randomUUID()}@example.test`;
    for (let i = 0; i < 5; i++) await checkSignInAllowed(a, null);
    expect((await checkSignInAllowed(`b-${randomUUID()}@example.test`, null)).ok).toBe(true);
  });
});

describe('public documents', () => {
  it('serves the OpenAPI 3.1 document without authentication', async () => {
    const res = await fetch(`${appUrl()}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/tasks', '/tasks/{id}', '/tasks/batch', '/preview', '/integrations', '/connections', '/connections/{id}', '/connections/{id}/test']),
    );
  });

  it('renders the API docs page from that document', async () => {
    const res = await fetch(`${appUrl()}/docs`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('/tasks/batch');
  });
});
