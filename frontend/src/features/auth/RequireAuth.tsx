import { Navigate, Outlet, useLocation } from 'react-router';
import { ApiError } from '../../api/errors';
import { ErrorState, LoadingState } from '../../components/states';
import { Center, Container } from '@mantine/core';
import { signInPath } from '../../lib/safeNext';
import { useMe } from './api';

/**
 * Everything below needs a session. Without one (401) it goes to sign-in with this page as
 * `next`, itself: the global 401 handler does the same for every other request, but it reads
 * the router's location, which can still say /signin while Back returns here just after a
 * sign-out, and the page would then wait for a redirect that never comes.
 */
export function RequireAuth() {
  const me = useMe();
  const { pathname, search, hash } = useLocation();
  if (me.error instanceof ApiError && me.error.status === 401) {
    return <Navigate to={signInPath(pathname + search + hash)} replace />;
  }
  if (me.isPending) {
    return <LoadingState label="Checking your session…" />;
  }
  if (me.isError) {
    return (
      <Center mih="60vh">
        <Container size="sm">
          <ErrorState error={me.error} title="Could not check your session" onRetry={() => void me.refetch()} />
        </Container>
      </Center>
    );
  }
  return <Outlet />;
}
