import { describe, expect, it } from 'vitest';
import { safeReturnPath, signInPathFor } from './return-to';

describe('safeReturnPath', () => {
  it.each([
    ['/tasks/1b2c?tab=attempts', '/tasks/1b2c?tab=attempts'],
    ['/connect/x?link=abc', '/connect/x?link=abc'],
  ])('keeps a path on this site: %s', (raw, kept) => {
    expect(safeReturnPath(raw)).toBe(kept);
  });

  it.each([
    ['https://evil.example/'],
    ['//evil.example/x'],
    ['/\\evil.example'],
    ['javascript:alert(1)'],
    ['/tasks\u0000'],
    ['/sign-in?callbackUrl=/x'],
    ['/sign-up'],
    [`/${'a'.repeat(2001)}`],
    [undefined],
    [['/tasks']],
  ])('sends anything else to the dashboard: %s', (raw) => {
    expect(safeReturnPath(raw)).toBe('/dashboard');
  });

  it('builds the sign-in link that returns to a page', () => {
    expect(signInPathFor('/tasks/1?x=1&y=2')).toBe('/sign-in?callbackUrl=%2Ftasks%2F1%3Fx%3D1%26y%3D2');
    expect(signInPathFor('//evil.example')).toBe('/sign-in');
  });
});
