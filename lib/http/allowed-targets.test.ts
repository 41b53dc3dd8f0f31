import { describe, expect, it } from 'vitest';
import { parseAllowedTargets, targetKey } from './allowed-targets';

describe('parseAllowedTargets', () => {
  it('parses comma-separated host:port pairs including bracketed IPv6', () => {
    expect(parseAllowedTargets('127.0.0.1:4400,localhost:4401,[::1]:8080')).toEqual(
      new Set(['127.0.0.1:4400', 'localhost:4401', '[::1]:8080']),
    );
  });

  it('normalises case, whitespace and address spelling', () => {
    expect(parseAllowedTargets(' LocalHost:4401 , [0:0::1]:80,Intranet.Example:0443 ')).toEqual(
      new Set(['localhost:4401', '[::1]:80', 'intranet.example:443']),
    );
  });

  it('returns an empty set for an unset or empty value', () => {
    expect(parseAllowedTargets(undefined).size).toBe(0);
    expect(parseAllowedTargets('').size).toBe(0);
    expect(parseAllowedTargets(' , ,').size).toBe(0);
  });

  it('ignores entries without a valid port instead of widening the allowance', () => {
    expect(parseAllowedTargets('127.0.0.1,localhost:0,10.0.0.1:70000,::1:80,user@host:80,ok.test:81')).toEqual(
      new Set(['ok.test:81']),
    );
  });
});

describe('targetKey', () => {
  it('uses the effective port, 80 for http and 443 for https by default', () => {
    expect(targetKey(new URL('http://Example.com/x'))).toBe('example.com:80');
    expect(targetKey(new URL('https://example.com/x'))).toBe('example.com:443');
    expect(targetKey(new URL('http://[::1]:8080/'))).toBe('[::1]:8080');
  });
});
