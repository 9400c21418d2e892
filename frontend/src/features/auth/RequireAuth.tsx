import { Outlet } from 'react-router';
import { ApiError } from '../../api/errors';
import { ErrorState, LoadingState } from '../../components/states';
import { Center, Container } from '@mantine/core';
import { useMe } from './api';

/** Everything below needs a session; a 401 is sent to sign-in by the global handler. */
export function RequireAuth() {
  const me = useMe();
  if (me.isPending || (me.error instanceof ApiError && me.error.status === 401)) {
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
