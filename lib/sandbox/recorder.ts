import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { uuid } from './ids';
import { describeAuth, redactFields, redactHeaders, redactPath, redactQuery } from './redact';
import type { RecordedRequest, Target } from './types';

export const MAX_RECORDED_REQUESTS = 5000;
const MAX_BODY_CHARS = 64 * 1024;

export interface RequestFilter {
  target?: Target;
  namespace?: string;
  method?: string;
  /** Prefix of the (redacted) recorded path. */
  path?: string;
}

/** Keeps the last MAX_RECORDED_REQUESTS requests, secrets redacted at the door. */
export class RequestRecorder {
  private entries: RecordedRequest[] = [];

  record(input: { target: Target; namespace: string | null; method: string; url: URL; headers: IncomingHttpHeaders; rawBody: Buffer }): RecordedRequest {
    const { body, truncated } = captureBody(input.rawBody, input.headers['content-type']);
    const entry: RecordedRequest = {
      id: uuid(),
      at: new Date().toISOString(),
      target: input.target,
      namespace: input.namespace,
      method: input.method,
      path: redactPath(input.url.pathname),
      query: redactQuery(input.url.searchParams),
      headers: redactHeaders(input.headers),
      auth: describeAuth(input.headers),
      body,
      ...(truncated ? { bodyTruncated: true } : {}),
      bodySha256: createHash('sha256').update(input.rawBody).digest('hex'),
      status: null,
      outcome: 'pending',
    };
    this.entries.push(entry);
    if (this.entries.length > MAX_RECORDED_REQUESTS) this.entries.splice(0, this.entries.length - MAX_RECORDED_REQUESTS);
    return entry;
  }

  list(filter: RequestFilter = {}): RecordedRequest[] {
    return this.entries.filter(
      (entry) =>
        (!filter.target || entry.target === filter.target) &&
        (!filter.namespace || entry.namespace === filter.namespace) &&
        (!filter.method || entry.method === filter.method.toUpperCase()) &&
        (!filter.path || entry.path.startsWith(filter.path)),
    );
  }

  clear(): void {
    this.entries = [];
  }
}

function captureBody(raw: Buffer, contentType: string | undefined): { body: unknown; truncated: boolean } {
  if (raw.length === 0) return { body: null, truncated: false };
  const textBody = raw.toString('utf8');
  const truncated = textBody.length > MAX_BODY_CHARS;
  const kept = truncated ? textBody.slice(0, MAX_BODY_CHARS) : textBody;
  if (!truncated && (contentType ?? '').includes('application/x-www-form-urlencoded')) {
    return { body: redactFields(Object.fromEntries(new URLSearchParams(kept))), truncated };
  }
  if (!truncated) {
    try {
      return { body: redactFields(JSON.parse(kept)), truncated };
    } catch {
      // not JSON: kept as text
    }
  }
  return { body: kept, truncated };
}
