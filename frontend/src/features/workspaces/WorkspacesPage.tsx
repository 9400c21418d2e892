import { Anchor, Badge, Button, Card, Container, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { ErrorState, LoadingState } from '../../components/states';
import { usePageTitle } from '../../components/usePageTitle';
import { UserMenu } from '../shell/UserMenu';
import { useWorkspaces } from './api';
import { CreateWorkspaceForm } from './CreateWorkspaceForm';
import { ROLE_LABELS } from './roles';

/** Lists the caller's workspaces and creates new ones; reached before any workspace exists. */
export function WorkspacesPage() {
  usePageTitle('Workspaces');
  const workspaces = useWorkspaces();
  const navigate = useNavigate();

  return (
    <Container size="md" py="lg" component="main">
      <Group justify="space-between" mb="lg">
        <Anchor component={Link} to="/" fw={700} size="lg" underline="never">
          Rapport
        </Anchor>
        <UserMenu />
      </Group>
      <Stack gap="xl">
        <section aria-labelledby="ws-list-title">
          <Title order={1} size="h2" id="ws-list-title" mb="sm">
            Your workspaces
          </Title>
          {workspaces.isPending && <LoadingState />}
          {workspaces.isError && <ErrorState error={workspaces.error} onRetry={() => void workspaces.refetch()} />}
          {workspaces.isSuccess && workspaces.data.length === 0 && (
            <Text c="dimmed">
              You are not in any workspace yet. Create one for your change initiative below, or ask an owner to
              add you to theirs.
            </Text>
          )}
          {workspaces.isSuccess && workspaces.data.length > 0 && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {workspaces.data.map((ws) => (
                <Card key={ws.id} withBorder>
                  <Stack gap="xs">
                    <Group justify="space-between" wrap="nowrap">
                      <Text fw={600}>{ws.name}</Text>
                      {ws.role && <Badge variant="light">{ROLE_LABELS[ws.role]}</Badge>}
                    </Group>
                    {ws.description && (
                      <Text size="sm" c="dimmed" lineClamp={2}>
                        {ws.description}
                      </Text>
                    )}
                    <Group>
                      <Button component={Link} to={`/w/${ws.id}`} size="xs" variant="light">
                        Open {ws.name}
                      </Button>
                    </Group>
                  </Stack>
                </Card>
              ))}
            </SimpleGrid>
          )}
        </section>
        <section aria-labelledby="ws-create-title">
          <Card withBorder maw={520}>
            <Title order={2} size="h3" id="ws-create-title" mb="sm">
              Create a workspace
            </Title>
            <CreateWorkspaceForm onCreated={(ws) => void navigate(`/w/${ws.id}`)} />
          </Card>
        </section>
      </Stack>
    </Container>
  );
}
