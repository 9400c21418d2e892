import type { QueryClient } from '@tanstack/react-query';
import { setUnauthorizedHandler } from '../api/client';
import { signInPath } from '../lib/safeNext';

interface RouterLike {
  state: { location: { pathname: string; search: string; hash: string } };
  navigate: (to: string, opts?: { replace?: boolean }) => Promise<void> | void;
}

/**
 * The one place a 401 is handled: whatever asked, the user goes to sign-in and, once signed in,
 * back to the page they were on.
 */
export function installUnauthorizedRedirect(router: RouterLike, queryClient: QueryClient): () => void {
  setUnauthorizedHandler(() => {
    const { pathname, search, hash } = router.state.location;
    if (pathname === '/signin') return;
    // Nothing cached under the old session may leak into the next one.
    void queryClient.cancelQueries();
    void router.navigate(signInPath(pathname + search + hash), { replace: true });
  });
  return () => setUnauthorizedHandler(null);
}
