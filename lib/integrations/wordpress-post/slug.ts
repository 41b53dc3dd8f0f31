const MAX_BASE_LENGTH = 60;

/** Lower-case ASCII words joined by hyphens, as WordPress's sanitize_title makes them. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/gu, '')
    .toLowerCase()
    .replace(/<[^>]*>/gu, '')
    .replace(/&[a-z0-9#]+;/gu, '')
    .replace(/[^a-z0-9\s_-]/gu, '')
    .trim()
    .replace(/[\s_-]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
}

/**
 * The slug Outpost assigns when config.slug is absent: the title's, cut to a readable length, plus
 * the end of the task id — unique per task, so looking the post up by it finds this task's post only.
 */
export function deriveSlug(title: string, taskId: string): string {
  const suffix = taskId.replace(/[^a-z0-9]/giu, '').toLowerCase().slice(-8) || 'outpost';
  const base = slugify(title).slice(0, MAX_BASE_LENGTH).replace(/-+$/u, '') || 'post';
  return `${base}-${suffix}`;
}
