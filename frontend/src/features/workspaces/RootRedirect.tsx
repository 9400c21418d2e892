import { Container } from '@mantine/core';
import { Navigate } from 'react-router';
import { ErrorState, LoadingState } from '../../components/states';
import { lastWorkspace, useWorkspaces } from './api';

/** `/` opens the workspace used last, else the first one, else the page to create one. */
export function RootRedirect() {
  const workspaces = useWorkspaces();
  if (workspaces.isPending) return <LoadingState label="Loading your workspaces…" />;
  if (workspaces.isError) {
    return (
      <Container size="sm" py="xl">
        <ErrorState error={workspaces.error} onRetry={() => void workspaces.refetch()} />
      </Container>
    );
  }
  const last = lastWorkspace();
  const target = workspaces.data.find((w) => w.id === last) ?? workspaces.data[0];
  return <Navigate to={target ? `/w/${target.id}` : '/workspaces'} replace />;
}
