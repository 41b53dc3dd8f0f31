import { isPlainObject } from '../http';

// Discord's message limits and its nested "Invalid Form Body" error tree
// (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).

type FieldError = { code: string; message: string };
export type ErrorTree = { _errors?: FieldError[]; [key: string]: ErrorTree | FieldError[] | undefined };

const tooLong = (max: number): FieldError => ({ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
const required = (): FieldError => ({ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
const notString = (): FieldError => ({ code: 'STRING_TYPE_CONVERT', message: 'Could not interpret value as string.' });

class ErrorCollector {
  readonly tree: ErrorTree = {};
  add(path: (string | number)[], error: FieldError): void {
    let node = this.tree;
    for (const segment of path) {
      const key = String(segment);
      node[key] ??= {};
      node = node[key] as ErrorTree;
    }
    (node._errors ??= []).push(error);
  }
  get empty(): boolean {
    return Object.keys(this.tree).length === 0;
  }
}

function checkString(errors: ErrorCollector, path: (string | number)[], value: unknown, max: number, isRequired = false): number {
  if (value === undefined || value === null) {
    if (isRequired) errors.add(path, required());
    return 0;
  }
  if (typeof value !== 'string') {
    errors.add(path, notString());
    return 0;
  }
  if (value.length > max) errors.add(path, tooLong(max));
  return value.length;
}

/** Characters that count towards the 6000 limit: title, description, field names and values, footer text, author name. */
function checkEmbed(errors: ErrorCollector, embed: unknown, index: number): number {
  const path = ['embeds', index];
  if (!isPlainObject(embed)) {
    errors.add(path, { code: 'MODEL_TYPE_CONVERT', message: 'Only dictionaries may be used in a ModelType' });
    return 0;
  }
  let size = checkString(errors, [...path, 'title'], embed.title, 256) + checkString(errors, [...path, 'description'], embed.description, 4096);
  if (embed.color !== undefined && !(Number.isInteger(embed.color) && (embed.color as number) >= 0 && (embed.color as number) <= 0xffffff)) {
    errors.add([...path, 'color'], { code: 'NUMBER_TYPE_MAX', message: 'int value should be less than or equal to 16777215.' });
  }
  if (embed.url !== undefined && (typeof embed.url !== 'string' || !/^https?:\/\/\S+$/.test(embed.url))) {
    errors.add([...path, 'url'], { code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' });
  }
  if (isPlainObject(embed.footer)) size += checkString(errors, [...path, 'footer', 'text'], embed.footer.text, 2048, true);
  if (isPlainObject(embed.author)) size += checkString(errors, [...path, 'author', 'name'], embed.author.name, 256, true);
  if (embed.fields !== undefined) {
    if (!Array.isArray(embed.fields)) errors.add([...path, 'fields'], { code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' });
    else {
      if (embed.fields.length > 25) errors.add([...path, 'fields'], tooLong(25));
      embed.fields.forEach((field: unknown, i: number) => {
        const fieldPath = [...path, 'fields', i];
        const f = isPlainObject(field) ? field : {};
        size += checkString(errors, [...fieldPath, 'name'], f.name, 256, true);
        size += checkString(errors, [...fieldPath, 'value'], f.value, 1024, true);
      });
    }
  }
  return size;
}

export type DiscordValidation = { ok: true } | { ok: false; status: 400; body: Record<string, unknown> };

export function validateDiscordMessage(payload: Record<string, unknown>): DiscordValidation {
  const errors = new ErrorCollector();
  checkString(errors, ['content'], payload.content, 2000);
  if (payload.username !== undefined) {
    const name = payload.username;
    if (typeof name !== 'string' || name.length < 1 || name.length > 80) {
      errors.add(['username'], { code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 80 in length.' });
    } else if (/discord|clyde/i.test(name)) {
      errors.add(['username'], { code: 'USERNAME_INVALID_CONTAINS', message: 'Username cannot contain "discord"' });
    }
  }
  const embeds = payload.embeds;
  if (embeds !== undefined && embeds !== null) {
    if (!Array.isArray(embeds)) errors.add(['embeds'], { code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' });
    else {
      if (embeds.length > 10) errors.add(['embeds'], tooLong(10));
      const total = embeds.reduce((sum: number, embed, i) => sum + checkEmbed(errors, embed, i), 0);
      if (total > 6000) errors.add(['embeds'], { code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' });
    }
  }
  const mentions = payload.allowed_mentions;
  if (mentions !== undefined && mentions !== null) {
    const parse = isPlainObject(mentions) ? mentions.parse : undefined;
    if (!isPlainObject(mentions) || (parse !== undefined && !(Array.isArray(parse) && parse.every((p) => ['roles', 'users', 'everyone'].includes(p as string))))) {
      errors.add(['allowed_mentions', 'parse'], { code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {"roles", "users", "everyone"}.' });
    }
  }
  if (!errors.empty) return { ok: false, status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: errors.tree } };

  const hasContent = typeof payload.content === 'string' && payload.content.trim() !== '';
  const hasEmbeds = Array.isArray(embeds) && embeds.length > 0;
  const hasOther = ['components', 'poll', 'attachments', 'sticker_ids'].some((k) => Array.isArray(payload[k]) && (payload[k] as unknown[]).length > 0);
  if (!hasContent && !hasEmbeds && !hasOther) {
    return { ok: false, status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
  }
  return { ok: true };
}
