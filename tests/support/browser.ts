import { randomUUID } from 'node:crypto';
import { createUserWithPassword } from '@/lib/auth/users';
import { appUrl } from './app';

/**
 * A browser as far as the app's cookies go: signs in through Auth.js' credentials callback, keeps
 * the cookies the app sets, and reports redirects instead of following them, so a test can walk an
 * OAuth round trip step by step (and tamper with any step).
 */
export class AppBrowser {
  readonly jar = new Map<string, string>();

  constructor(
    readonly userId: string,
    readonly email: string,
    private readonly password?: string,
  ) {}

  static async signIn(email = `connect-${randomUUID()}@example.test`): Promise<AppBrowser> {
    const password = `pw-${randomUUID()}`;
    const user = await createUserWithPassword({ email, password });
    const browser = new AppBrowser(user.id, email, password);
    await browser.signInWithPassword();
    return browser;
  }

  /** The same user signed in again in another browser: a second session. */
  async anotherSession(): Promise<AppBrowser> {
    const browser = new AppBrowser(this.userId, this.email, this.password);
    await browser.signInWithPassword();
    return browser;
  }

  private async signInWithPassword(): Promise<void> {
    const csrf = await this.get('/api/auth/csrf');
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    await this.request('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, email: this.email, password: this.password!, callbackUrl: '/dashboard' }).toString(),
    });
    if (![...this.jar.keys()].some((name) => name.includes('session-token'))) throw new Error('sign-in failed');
  }

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get(pathOrUrl: string): Promise<Response> {
    return this.request(pathOrUrl, { method: 'GET' });
  }

  async request(pathOrUrl: string, init: { method: string; headers?: Record<string, string>; body?: string }): Promise<Response> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${appUrl()}${pathOrUrl}`;
    if (new URL(url).origin !== new URL(appUrl()).origin) throw new Error(`not an app URL: ${url}`);
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, cookie: this.cookieHeader() } });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1);
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return response;
  }
}

export const locationOf = (response: Response): URL => {
  const location = response.headers.get('location');
  if (!location) throw new Error(`expected a redirect, got HTTP ${response.status}`);
  return new URL(location, appUrl());
};
