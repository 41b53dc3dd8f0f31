import type { SafeResponse } from '@/lib/http';
import { parseJson, sendRecorded, type DeliveryIo } from '@/lib/integrations/shared/send';
import { env } from '@/lib/env';
import { isWordPressCom, type StoredWordPressSecret, type WordPressSecret } from './schema';

export type WpIo = DeliveryIo;

const MAX_RESPONSE_BYTES = 256 * 1024;

/** `https://blog.example.com/` → `https://blog.example.com` (sites may live under a path). */
export function normalizeSiteUrl(raw: string): string {
  const url = new URL(raw.trim());
  url.hash = '';
  url.search = '';
  return url.toString().replace(/\/+$/, '');
}

export function basicAuth(secret: Pick<WordPressSecret, 'username' | 'applicationPassword'>): string {
  return `Basic ${Buffer.from(`${secret.username}:${secret.applicationPassword}`).toString('base64')}`;
}

/** The site's address, for links to posts. */
export function siteOf(secret: StoredWordPressSecret): string {
  return normalizeSiteUrl(isWordPressCom(secret) ? secret.blogUrl : secret.siteUrl);
}

/** Where `wp/v2` lives: `{site}/wp-json/wp/v2`, or WordPress.com's `{base}/wp/v2/sites/{blog id}`. */
export function restApiOf(secret: StoredWordPressSecret): string {
  if (isWordPressCom(secret)) return `${env().OUTPOST_WPCOM_BASE.replace(/\/+$/, '')}/wp/v2/sites/${encodeURIComponent(secret.blogId)}`;
  return `${normalizeSiteUrl(secret.siteUrl)}/wp-json/wp/v2`;
}

/** `{api}/{route}` with a query, where `api` is restApiOf(...). */
export function restUrl(api: string, route: string, query: Record<string, string> = {}): string {
  const url = new URL(`${api}/${route}`);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}

/**
 * One authenticated request to the site's REST API through the SSRF-guarded client. Transport
 * failures become classified DeliveryErrors; every request is logged without credentials.
 */
export async function wpRequest(
  secret: StoredWordPressSecret,
  request: { method: 'GET' | 'POST'; url: string; body?: unknown },
  io: WpIo,
): Promise<SafeResponse> {
  const headers: Record<string, string> = {
    authorization: isWordPressCom(secret) ? `Bearer ${secret.accessToken}` : basicAuth(secret),
    accept: 'application/json',
    'user-agent': 'Outpost/1 (+wordpress-post)',
    ...(request.body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
  };
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  const { response } = await sendRecorded({
    ...io,
    method: request.method,
    url: request.url,
    headers,
    ...(body !== undefined ? { body } : {}),
    maxResponseBytes: MAX_RESPONSE_BYTES,
    redactResponse: true,
  });
  return response;
}

export { parseJson };
