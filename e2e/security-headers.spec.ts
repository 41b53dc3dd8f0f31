import type { Page } from '@playwright/test';
import { expect, signUp, test } from './fixtures';

// DESIGN §8: pages carry a nonce-based Content-Security-Policy (scripts only from the app, inline
// ones by this request's nonce; frame-ancestors 'none'), nosniff and Referrer-Policy: same-origin —
// and still hydrate and work under it, with no CSP violation in the console.

function watchViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

function directives(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(/\s+/)[0]!, d] as [string, string]),
  );
}

test('[SECURITY]: every page carries the security headers and a fresh nonce, and hydrates under the policy', async ({ page }) => {
  test.setTimeout(120_000);
  const violations = watchViolations(page);
  const nonces = new Set<string>();

  async function visit(path: string) {
    const response = await page.goto(path);
    expect(response, path).not.toBeNull();
    const headers = response!.headers();
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('same-origin');
    const policy = headers['content-security-policy'];
    expect(policy, `${path} has a CSP`).toBeTruthy();
    const csp = directives(policy!);
    const nonce = /'nonce-([^']+)'/.exec(csp.get('script-src') ?? '')?.[1];
    expect(nonce, `${path} script-src has a nonce`).toBeTruthy();
    expect(csp.get('script-src')).toContain("'strict-dynamic'");
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('script-src')).not.toContain("'unsafe-eval'");
    expect(csp.get('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(csp.get('object-src')).toBe("object-src 'none'");
    expect(csp.get('base-uri')).toBe("base-uri 'self'");
    nonces.add(nonce!);
    // Next.js put the nonce on its own scripts: every script the server sent carries it. Chunks the
    // page loads later (a lazily imported chart) are inserted by those scripts and run under
    // 'strict-dynamic' without a nonce of their own; the violation watcher covers them.
    const html = await response!.text();
    const scriptTags = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scriptTags.length, path).toBeGreaterThan(0);
    for (const tag of scriptTags) expect(/\snonce="([^"]*)"/.exec(tag)?.[1], `${path}: ${tag} carries the nonce`).toBe(nonce);
  }

  await visit('/');
  await visit('/sign-in');
  await visit('/sign-up');
  // Hydrated: the client-side form validation (React) answers without a round trip.
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Enter a valid email address')).toBeVisible();

  await signUp(page);
  for (const path of ['/dashboard', '/connections', '/settings/api-keys', '/sandbox', '/docs']) await visit(path);
  // A client-side interaction on a signed-in page still works.
  await page.goto('/settings/api-keys');
  await page.getByLabel('Key name').fill('csp check');
  await page.getByRole('button', { name: 'Create API key' }).click();
  await expect(page.getByTestId('new-api-key')).toBeVisible();

  expect(nonces.size, 'a new nonce per response').toBe(8);
  expect(violations).toEqual([]);
});

test('[SECURITY]: API answers carry nosniff', async ({ appUrl }) => {
  for (const path of ['/api/v1/openapi.json', '/api/v1/tasks', '/api/health']) {
    const res = await fetch(`${appUrl}${path}`);
    expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
  }
});
