import type { WordPressUser } from './store';

/** A WordPress REST request after authentication and body parsing, with WP's parameter coercions. */
export class RestRequest {
  constructor(
    readonly query: URLSearchParams,
    readonly body: Record<string, unknown>,
    readonly user: WordPressUser | undefined,
    /** Site URL without trailing slash, e.g. `http://127.0.0.1:4400/wp`. */
    readonly site: string,
  ) {}

  param(name: string): string | undefined {
    return this.query.get(name) ?? undefined;
  }

  /** `?slug=a,b`, `?slug[]=a&slug[]=b` or a repeated `?slug=`: WordPress takes all three. */
  list(name: string): string[] | undefined {
    const values = [...this.query.getAll(name), ...this.query.getAll(`${name}[]`)];
    if (values.length === 0) return undefined;
    return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  }

  paging(invalid: Record<string, string>): { page: number; perPage: number } {
    const perPage = Number(this.param('per_page') ?? 10);
    const page = Number(this.param('page') ?? 1);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) invalid.per_page = 'per_page must be between 1 (inclusive) and 100 (inclusive)';
    if (!Number.isInteger(page) || page < 1) invalid.page = 'page must be greater than or equal to 1';
    return { page, perPage };
  }

  /** Title, content and excerpt come as a string or as `{raw}`. */
  rendered(name: string, invalid: Record<string, string>): string {
    const value = this.body[name];
    if (value === undefined || value === null) return '';
    if (typeof value === 'string') return value;
    if (typeof value === 'object' && typeof (value as { raw?: unknown }).raw === 'string') return (value as { raw: string }).raw;
    invalid[name] = `${name} is not of type object,string.`;
    return '';
  }

  /** Arrays of term ids: numbers, numeric strings, or a comma-separated string. */
  integerList(name: string, invalid: Record<string, string>): number[] {
    const value = this.body[name];
    if (value === undefined || value === null) return [];
    const items = typeof value === 'string' ? value.split(',').filter((s) => s.trim() !== '') : value;
    if (!Array.isArray(items)) {
      invalid[name] = `${name} is not of type array.`;
      return [];
    }
    const ids: number[] = [];
    for (const [index, item] of items.entries()) {
      const id = typeof item === 'string' && /^\s*\d+\s*$/.test(item) ? Number(item) : item;
      if (typeof id !== 'number' || !Number.isInteger(id)) {
        invalid[name] = `${name}[${index}] is not of type integer.`;
        return [];
      }
      ids.push(id);
    }
    return ids;
  }
}
