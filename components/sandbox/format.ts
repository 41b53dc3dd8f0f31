/** `HH:MM:SS.mmm` in UTC: compact, and the same on server and client. */
export function timeOf(iso: string): string {
  return iso.length >= 23 ? iso.slice(11, 23) : iso;
}

/** A one-line excerpt of a recorded body (already redacted by the sandbox recorder). */
export function bodyExcerpt(body: unknown, max = 160): string {
  if (body === undefined || body === null || body === '') return '';
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const line = text.replace(/\s+/g, ' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function statusClass(status: number | null): string {
  if (status === null) return 'bg-slate-100 text-slate-600';
  if (status >= 200 && status < 300) return 'bg-green-100 text-green-800';
  if (status === 429) return 'bg-amber-100 text-amber-800';
  return 'bg-red-100 text-red-800';
}
