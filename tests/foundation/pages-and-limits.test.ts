import { describe, expect, it } from 'vitest';
import { appUrl } from '../support/app';

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

  // Scalar draws the reference in the browser (e2e/pages-quality.spec.ts sees its paths there);
  // the server's page must hand it this document and no other.
  it('serves the API docs page pointed at that document', async () => {
    const res = await fetch(`${appUrl()}/docs`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('\\"url\\":\\"/api/v1/openapi.json\\"');
  });
});
