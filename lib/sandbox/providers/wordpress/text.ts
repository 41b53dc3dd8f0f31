/**
 * WordPress's sanitize_title, near enough: lower case ASCII words joined by hyphens. Written apart
 * from the integration's `slugify` on purpose: the sandbox stands in for WordPress, so sharing the
 * client's code would let a slug bug agree with itself in every test.
 */
export function sanitizeTitle(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/&[a-z0-9#]+;/g, '')
    .replace(/[^a-z0-9_\s-]/g, '')
    .trim()
    .replace(/[\s_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A light wpautop: paragraphs for plain text, HTML with block elements left alone. */
export function renderContent(raw: string): string {
  if (raw.trim() === '') return '';
  if (/<(p|div|h[1-6]|ul|ol|pre|blockquote|figure|table|!-- wp:)/i.test(raw)) return `${raw}\n`;
  return raw
    .split(/\n\s*\n/)
    .map((para) => para.trim())
    .filter(Boolean)
    .map((para) => `<p>${para.replace(/\n/g, '<br />\n')}</p>`)
    .join('\n') + '\n';
}

/** WordPress dates: `2024-05-01T12:00:00`, no zone (the sandbox site runs on UTC). */
export const wpDate = (iso: string): string => iso.slice(0, 19);
