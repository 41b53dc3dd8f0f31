import { checkTargetUrl } from '@/lib/http';
import { validationError, type ErrorDetail } from '@/lib/errors';
import { DeliveryError, type PreparedConnection } from '@/lib/integrations/types';
import { wpError } from './classify';
import { DEFAULT_TIMEOUT_MS, isWordPressCom, type StoredWordPressSecret, type WordPressComSecret, type WordPressSecret } from './schema';
import { normalizeSiteUrl, parseJson, restApiOf, restUrl, wpRequest } from './wp-http';

type Me = { id: number; name?: string; slug?: string; roles?: string[]; capabilities?: Record<string, boolean> };
type Verdict = { ok: true; me: Me; site: string } | { ok: false; issue: ErrorDetail };

/** GET {site}/wp-json/wp/v2/users/me with the application password: who we are and what we may do. */
async function verify(secret: WordPressSecret, allowedTargets: Set<string>): Promise<Verdict> {
  let site: string;
  try {
    site = normalizeSiteUrl(secret.siteUrl);
  } catch {
    return { ok: false, issue: { path: 'secret.siteUrl', message: 'is not a valid URL' } };
  }
  const check = checkTargetUrl(site, allowedTargets);
  if (!check.ok) return { ok: false, issue: { path: 'secret.siteUrl', message: check.reason } };

  const unreachable = (why: string): Verdict => ({
    ok: false,
    issue: { path: 'secret.siteUrl', message: `no WordPress REST API answered at ${site}/wp-json (${why})` },
  });
  let response;
  try {
    response = await wpRequest(secret, { method: 'GET', url: restUrl(`${site}/wp-json/wp/v2`, 'users/me', { context: 'edit' }) }, { allowedTargets, timeoutMs: DEFAULT_TIMEOUT_MS });
  } catch (error) {
    return unreachable(error instanceof DeliveryError ? error.message : 'request failed');
  }
  const { code } = wpError(response.body);
  if (response.status === 401 && code === 'invalid_username') {
    return { ok: false, issue: { path: 'secret.username', message: 'WordPress does not know this user name' } };
  }
  if (response.status === 401) {
    return { ok: false, issue: { path: 'secret.applicationPassword', message: `WordPress rejected the application password${code ? ` (${code})` : ''}` } };
  }
  const me = parseJson(response.body) as Me | null;
  if (response.status !== 200 || !me || typeof me.id !== 'number') {
    return unreachable(`HTTP ${response.status}${code ? ` ${code}` : ''}`);
  }
  if (me.capabilities && me.capabilities.edit_posts !== true) {
    return { ok: false, issue: { path: 'secret.username', message: 'this WordPress user may not create posts (needs the contributor role or above)' } };
  }
  return { ok: true, me, site };
}

/** POST /connections: verify the site and the application password; keep the site URL, never the password. */
export async function prepareWordPressConnection(secret: WordPressSecret, env: { allowedTargets: Set<string> }): Promise<PreparedConnection> {
  const verdict = await verify(secret, env.allowedTargets);
  if (!verdict.ok) throw validationError([verdict.issue]);
  const { me, site } = verdict;
  const host = new URL(site);
  return {
    secret: { ...secret, siteUrl: site },
    hint: `${secret.username} @ ${host.host}${host.pathname === '/' ? '' : host.pathname} (application password …${secret.applicationPassword.replace(/\s/gu, '').slice(-2)})`,
    metadata: {
      siteUrl: site,
      username: secret.username,
      userId: me.id,
      ...(me.name ? { name: me.name } : {}),
      ...(me.roles ? { roles: me.roles } : {}),
      canCreateTerms: me.capabilities ? me.capabilities.manage_categories === true : null,
    },
  };
}

/** A WordPress.com token (from the connect flow): who it signs in as on its blog. */
export async function verifyWordPressComToken(
  secret: WordPressComSecret,
  env: { allowedTargets: Set<string> },
): Promise<{ ok: true; me: { id: number; name?: string; slug?: string } } | { ok: false; message: string }> {
  let response;
  try {
    response = await wpRequest(secret, { method: 'GET', url: restUrl(restApiOf(secret), 'users/me') }, { allowedTargets: env.allowedTargets, timeoutMs: DEFAULT_TIMEOUT_MS });
  } catch (error) {
    return { ok: false, message: error instanceof DeliveryError ? error.message : 'WordPress.com could not be reached' };
  }
  const me = parseJson(response.body) as Me | null;
  if (response.status !== 200 || !me || typeof me.id !== 'number') {
    const { code } = wpError(response.body);
    return { ok: false, message: `WordPress.com answered ${response.status}${code ? ` ${code}` : ''}` };
  }
  return { ok: true, me };
}

export async function testWordPressConnection(stored: StoredWordPressSecret, env: { allowedTargets: Set<string> }): Promise<{ ok: boolean; message: string }> {
  if (isWordPressCom(stored)) {
    const result = await verifyWordPressComToken(stored, env);
    return result.ok ? { ok: true, message: `Signed in to ${stored.blogUrl} as ${result.me.slug ?? result.me.name ?? result.me.id}` } : result;
  }
  const secret = stored;
  const verdict = await verify(secret, env.allowedTargets);
  if (!verdict.ok) return { ok: false, message: `${verdict.issue.path}: ${verdict.issue.message}` };
  return { ok: true, message: `Signed in to ${verdict.site} as ${secret.username}` };
}
