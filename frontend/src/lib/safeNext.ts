/**
 * Where to go after signing in. Only same-site paths are allowed, so a crafted
 * `?next=https://evil.example` link cannot bounce a user off the site.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return fallback;
  }
  if (next.startsWith('/signin')) return fallback;
  return next;
}

export function signInPath(next: string): string {
  const target = safeNext(next, '');
  return target && target !== '/' ? `/signin?next=${encodeURIComponent(target)}` : '/signin';
}
