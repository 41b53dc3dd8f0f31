const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
const IMAGE_PROTOCOLS = new Set(['http:', 'https:']);

// Agent text is untrusted: only absolute URLs with a known-harmless scheme become links.
// Relative and unparsable URLs are refused too, since their meaning depends on where the output lands.
function hasProtocol(href: string, allowed: ReadonlySet<string>): boolean {
  try {
    return allowed.has(new URL(href.trim()).protocol);
  } catch {
    return false;
  }
}

export function isSafeLinkHref(href: string): boolean {
  return hasProtocol(href, LINK_PROTOCOLS);
}

export function isSafeImageSrc(src: string): boolean {
  return hasProtocol(src, IMAGE_PROTOCOLS);
}
