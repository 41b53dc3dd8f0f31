import { Webhook } from 'standardwebhooks';

/** The Standard Webhooks id and timestamp headers, sent on every delivery (signed or not). */
export function idempotencyHeaders(messageId: string, at: Date = new Date()): Record<string, string> {
  return { 'webhook-id': messageId, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)) };
}

/**
 * Standard Webhooks signature headers. The message id is stable across attempts of one task so a
 * receiver can drop retries it already processed; the timestamp is per attempt. `whsec_<base64>`
 * secrets are decoded as the spec says; any other string is used as its UTF-8 bytes.
 */
export function signatureHeaders(secret: string, messageId: string, body: string, at: Date = new Date()): Record<string, string> {
  const webhook = secret.startsWith('whsec_')
    ? new Webhook(secret)
    : // The package's typings say string, but with format 'raw' it takes the key bytes as given.
      new Webhook(new TextEncoder().encode(secret) as unknown as string, { format: 'raw' });
  return { ...idempotencyHeaders(messageId, at), 'webhook-signature': webhook.sign(messageId, at, body) };
}
