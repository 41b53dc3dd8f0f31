import { randomBytes } from 'node:crypto';
import type { CreatedWordPressUser, CreateWordPressUserOptions, WordPressPost, WordPressRole, WordPressTerm, WordPressUserInfo } from '../../types';
import { isSandboxNamespace } from '../../namespace';
import { sanitizeTitle } from './text';

export const DEFAULT_USERNAME = 'sandbox';
export const DEFAULT_APPLICATION_PASSWORD = 'abcd efgh ijkl mnop qrst uvwx';

export interface WordPressUser extends WordPressUserInfo {
  /** Normalized application passwords (24 letters and digits, no spaces). */
  applicationPasswords: string[];
}

const CAPABILITIES: Record<WordPressRole, string[]> = {
  administrator: ['read', 'edit_posts', 'publish_posts', 'edit_others_posts', 'manage_categories', 'list_users'],
  editor: ['read', 'edit_posts', 'publish_posts', 'edit_others_posts', 'manage_categories'],
  author: ['read', 'edit_posts', 'publish_posts'],
  contributor: ['read', 'edit_posts'],
  subscriber: ['read'],
};

export const can = (user: WordPressUserInfo | undefined, capability: string): boolean =>
  Boolean(user && CAPABILITIES[user.role].includes(capability));

export const capabilitiesOf = (role: WordPressRole): Record<string, boolean> =>
  Object.fromEntries(CAPABILITIES[role].map((cap) => [cap, true]));

/** WordPress ignores everything but letters and digits in an application password. */
export const normalizeApplicationPassword = (password: string): string => password.replace(/[^a-z\d]/gi, '');

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function generateApplicationPassword(): string {
  const bytes = randomBytes(24);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  return chars.match(/.{4}/g)!.join(' ');
}

export class WordPressStore {
  readonly users: WordPressUser[] = [];
  readonly posts: WordPressPost[] = [];
  readonly terms: WordPressTerm[] = [];
  private nextUserId = 1;
  private nextPostId = 1;
  private nextTermId = 1;

  constructor() {
    this.reset();
  }

  reset(): void {
    this.users.length = 0;
    this.posts.length = 0;
    this.terms.length = 0;
    this.nextUserId = 1;
    this.nextPostId = 1;
    this.nextTermId = 1;
    this.addUser({ username: DEFAULT_USERNAME, name: 'Sandbox Editor', role: 'administrator' }, DEFAULT_APPLICATION_PASSWORD);
    this.addTerm('category', 'Uncategorized');
  }

  addUser(options: CreateWordPressUserOptions, password = generateApplicationPassword()): CreatedWordPressUser {
    const username = options.username ?? `user${this.nextUserId + 1}`;
    if (this.findUser(username)) throw new Error(`WordPress user ${username} exists`);
    const user: WordPressUser = {
      id: this.nextUserId++,
      username,
      name: options.name ?? username,
      role: options.role ?? 'author',
      applicationPasswords: [normalizeApplicationPassword(password)],
    };
    this.users.push(user);
    return { id: user.id, username, role: user.role, applicationPassword: password };
  }

  /**
   * Who approves on the sandbox's consent and authorization pages: the Outpost user's sandbox
   * namespace when the app names it (login_hint; created like the example login), else the first user.
   */
  consentingUser(loginHint: string | null | undefined): WordPressUser {
    if (isSandboxNamespace(loginHint)) {
      if (!this.findUser(loginHint)) this.addUser({ username: loginHint, name: loginHint, role: 'administrator' }, DEFAULT_APPLICATION_PASSWORD);
      return this.findUser(loginHint)!;
    }
    return this.users[0]!;
  }

  findUser(username: string): WordPressUser | undefined {
    return this.users.find((u) => u.username.toLowerCase() === username.toLowerCase());
  }

  revokePasswords(username: string): boolean {
    const user = this.findUser(username);
    if (!user) return false;
    user.applicationPasswords = [];
    return true;
  }

  addTerm(taxonomy: WordPressTerm['taxonomy'], name: string, slug?: string, description = '', parent = 0): WordPressTerm {
    const base = sanitizeTitle(slug || name) || String(this.nextTermId);
    let unique = base;
    for (let n = 2; this.terms.some((t) => t.taxonomy === taxonomy && t.slug === unique); n++) unique = `${base}-${n}`;
    const term: WordPressTerm = { id: this.nextTermId++, name, slug: unique, taxonomy, description, parent };
    this.terms.push(term);
    return term;
  }

  termsOf(taxonomy: WordPressTerm['taxonomy']): WordPressTerm[] {
    return this.terms.filter((t) => t.taxonomy === taxonomy);
  }

  newPostId(): number {
    return this.nextPostId++;
  }
}
