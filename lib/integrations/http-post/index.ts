import { checkTargetUrl } from '@/lib/http';
import type { Integration, ValidationIssue } from '@/lib/integrations/types';
import { deliverHttpPost } from './deliver';
import { originRefusal } from './origins';
import {
  httpPostConfigSchema,
  httpPostSecretSchema,
  type HttpPostConfig,
  type HttpPostPayload,
  type HttpPostSecret,
} from './schema';

const MAX_BODY_BYTES = 1024 * 1024;

/** Generic HTTP (DESIGN §4): the rendered template is the request body, JSON-checked or plain text. */
export const httpPost: Integration<HttpPostConfig, HttpPostPayload, HttpPostSecret, never> = {
  kind: 'http-post',
  displayName: 'HTTP request',
  description: 'POST, PUT or PATCH the rendered template to any HTTP endpoint, optionally signed (Standard Webhooks).',
  authType: 'none',
  connection: 'optional',
  configSchema: httpPostConfigSchema as never,
  secretSchema: httpPostSecretSchema as never,
  rateLimit: {},
  limits: { bodyBytes: MAX_BODY_BYTES, responseBytesKept: 64 * 1024, timeoutMsMax: 30_000 },
  defaultTemplate: '{{ input | json }}',

  destinationFields: ['url'],

  checkConnection(config, connection): ValidationIssue[] {
    const refusal = originRefusal(connection.metadata, config.url);
    return refusal ? [{ path: 'url', message: refusal }] : [];
  },

  checkConfig(config, env): ValidationIssue[] {
    const check = checkTargetUrl(config.url, env.allowedTargets);
    return check.ok ? [] : [{ path: 'url', message: check.reason }];
  },

  async render(rendered, config) {
    return { body: rendered.body, contentType: config.contentType };
  },

  validate(payload): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    if (Buffer.byteLength(payload.body) > MAX_BODY_BYTES) {
      issues.push({ path: 'template', message: 'rendered body is larger than 1 MiB' });
    }
    if (payload.contentType === 'application/json') {
      try {
        JSON.parse(payload.body);
      } catch (error) {
        const reason = error instanceof Error ? error.message : 'unparseable';
        issues.push({ path: 'template', message: `rendered body is not valid JSON (config.contentType is application/json): ${reason}` });
      }
    }
    return issues;
  },

  deliver(payload, auth, ctx, config) {
    return deliverHttpPost(payload, auth, ctx, config);
  },

  async prepareConnection(given) {
    // The origins are not secret: kept in metadata, shown on the Connections page and in GET /connections.
    const { allowedOrigins, ...secret } = given;
    const names = Object.keys(secret.headers ?? {});
    const hint = [names.length ? `headers: ${names.join(', ')}` : '', secret.signingSecret ? 'signing secret …' + secret.signingSecret.slice(-2) : '']
      .filter(Boolean)
      .join('; ');
    return {
      secret,
      hint: hint || 'no secret headers',
      metadata: { headerNames: names, signs: Boolean(secret.signingSecret), ...(allowedOrigins ? { allowedOrigins } : {}) },
    };
  },
};
