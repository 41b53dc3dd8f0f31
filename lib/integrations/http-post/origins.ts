/**
 * Why `url` may not receive this connection's secret headers or signatures, or null when it may.
 * A connection made before origins were recorded (no `allowedOrigins`) is not bound.
 */
export function originRefusal(metadata: Record<string, unknown>, url: string): string | null {
  const allowed = metadata.allowedOrigins;
  if (!Array.isArray(allowed)) return null;
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return null; // the URL check reports it
  }
  if (allowed.includes(origin)) return null;
  return `is on ${origin}, but this connection's secrets may only be sent to ${allowed.join(', ')}`;
}
