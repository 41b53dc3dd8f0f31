import { describe, expect, it } from 'vitest';
import { parseAllowedTargets } from './allowed-targets';
import { checkTargetUrl } from './target-url';

const none = new Set<string>();

function reasonFor(url: string, allowed = none): string {
  const check = checkTargetUrl(url, allowed);
  if (check.ok) throw new Error(`expected ${url} to be refused`);
  return check.reason;
}

describe('checkTargetUrl', () => {
  it('accepts public http and https URLs and returns the parsed URL', () => {
    const check = checkTargetUrl('https://hooks.slack.com/services/T0/B0/abc', none);
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.url.hostname).toBe('hooks.slack.com');
    expect(checkTargetUrl('http://8.8.8.8:8080/hook', none).ok).toBe(true);
  });

  it('accepts host names without resolving them (resolution is checked at fetch time)', () => {
    expect(checkTargetUrl('https://internal.example.test/', none).ok).toBe(true);
  });

  it.each([
    ['http://127.0.0.1/', '127.0.0.1 is a loopback address'],
    ['http://localhost:3000/', 'localhost is a loopback host name'],
    ['http://api.localhost/', 'api.localhost is a loopback host name'],
    ['http://localhost./', 'loopback host name'],
    ['http://[::1]/', '::1 is a loopback address'],
    ['http://10.0.0.1/', '10.0.0.1 is a private address'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address (cloud metadata service)'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1 is an IPv4-mapped form of 127.0.0.1, a loopback address'],
    ['http://0.0.0.0/', '0.0.0.0 is an unspecified address'],
    ['http://100.64.0.1/', '100.64.0.1 is a carrier-grade NAT (shared) address'],
    ['http://2130706433/', '127.0.0.1 is a loopback address'],
    ['http://0x7f.1/', '127.0.0.1 is a loopback address'],
    ['http://0177.0.0.1/', '127.0.0.1 is a loopback address'],
    ['http://[fe80::1]/', 'fe80::1 is a link-local address'],
  ])('refuses %s with a clear reason', (url, expected) => {
    const reason = reasonFor(url);
    expect(reason).toContain(expected);
    expect(reason).toContain('outbound requests to private, loopback, link-local and reserved addresses are refused');
  });

  it('gives the exact documented wording for loopback', () => {
    expect(reasonFor('http://127.0.0.1/')).toBe(
      '127.0.0.1 is a loopback address; outbound requests to private, loopback, link-local and reserved addresses are refused',
    );
  });

  it('allows a listed host:port, and only that port', () => {
    const allowed = parseAllowedTargets('127.0.0.1:4400,localhost:4401,[::1]:8080');
    expect(checkTargetUrl('http://127.0.0.1:4400/hook', allowed).ok).toBe(true);
    expect(checkTargetUrl('http://localhost:4401/', allowed).ok).toBe(true);
    expect(checkTargetUrl('http://[::1]:8080/', allowed).ok).toBe(true);
    expect(checkTargetUrl('http://127.0.0.1:4401/', allowed).ok).toBe(false);
    expect(checkTargetUrl('http://localhost:4400/', allowed).ok).toBe(false);
    expect(checkTargetUrl('http://127.0.0.1/', allowed).ok).toBe(false);
  });

  it('matches allowed targets on the effective default port', () => {
    const allowed = parseAllowedTargets('10.0.0.5:80,10.0.0.6:443');
    expect(checkTargetUrl('http://10.0.0.5/', allowed).ok).toBe(true);
    expect(checkTargetUrl('https://10.0.0.5/', allowed).ok).toBe(false);
    expect(checkTargetUrl('https://10.0.0.6/', allowed).ok).toBe(true);
  });

  it.each([
    ['ftp://example.com/', 'only http and https URLs are allowed (got ftp)'],
    ['file:///etc/passwd', 'only http and https URLs are allowed (got file)'],
    ['javascript:alert(1)', 'only http and https'],
    ['not a url', 'not a valid absolute URL'],
    ['/relative/path', 'not a valid absolute URL'],
  ])('refuses %s', (url, expected) => {
    expect(reasonFor(url)).toContain(expected);
  });

  it('refuses credentials in the URL without echoing them', () => {
    const reason = reasonFor('https://admin:hunter2@example.com/');
    expect(reason).toContain('must not contain a user name or password');
    expect(reason).not.toContain('hunter2');
  });
});
