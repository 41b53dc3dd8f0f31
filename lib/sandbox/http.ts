import type { IncomingHttpHeaders } from 'node:http';
import type { FaultAction } from './types';

/** What a provider route answers; the server writes it (or loses it, for `hang_after_create`). */
export interface ProviderResponse {
  status: number;
  json?: unknown;
  text?: string;
  html?: string;
  headers?: Record<string, string>;
}

/** One incoming request as a provider module sees it. */
export interface ProviderRequest {
  method: string;
  /** First path segment the provider is mounted at (`wp`, `wpcom`, `x`, ...). */
  mount: string;
  /** Path below the provider's mount point, e.g. `/2/tweets` for `/x/2/tweets`. */
  path: string;
  url: URL;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Origin of the sandbox (`http://127.0.0.1:4400`), for links the provider hands out. */
  origin: string;
  fault?: FaultAction;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): ProviderResponse => ({
  status,
  json: body,
  headers,
});

export const text = (status: number, body: string, headers?: Record<string, string>): ProviderResponse => ({
  status,
  text: body,
  headers,
});

export const noContent = (headers?: Record<string, string>): ProviderResponse => ({ status: 204, headers });

export const redirect = (location: string): ProviderResponse => ({ status: 302, headers: { location } });

export function header(req: ProviderRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false };

export function parseJsonBody(req: ProviderRequest): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(req.rawBody.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

export function parseFormBody(req: ProviderRequest): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(req.rawBody.toString('utf8')));
}

export function isFormBody(req: ProviderRequest): boolean {
  return (header(req, 'content-type') ?? '').includes('application/x-www-form-urlencoded');
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function bearerToken(req: ProviderRequest): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header(req, 'authorization') ?? '');
  return match?.[1];
}

export function basicCredentials(req: ProviderRequest): { username: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)\s*$/i.exec(header(req, 'authorization') ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
