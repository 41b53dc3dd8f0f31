import { describe, expect, it } from 'vitest';
import { hashPassword, passwordMatches } from './password';

async function medianMs(run: () => Promise<unknown>, times = 5): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b)[Math.floor(times / 2)]!;
}

describe('passwordMatches', () => {
  it('accepts the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await passwordMatches('correct horse battery staple', stored)).toBe(true);
    expect(await passwordMatches('wrong', stored)).toBe(false);
  });

  it('refuses an account without a password only after the work of a real check, so timing does not reveal it', async () => {
    const stored = await hashPassword('correct horse battery staple');
    await passwordMatches('warm', null);
    const wrongPassword = await medianMs(() => passwordMatches('wrong', stored));
    const noAccount = await medianMs(() => passwordMatches('wrong', null));
    expect(await passwordMatches('wrong', null)).toBe(false);
    // Same run, relative: a skipped check would be a tiny fraction of a real scrypt.
    expect(noAccount).toBeGreaterThan(wrongPassword * 0.5);
  });
});
