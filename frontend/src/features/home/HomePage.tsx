import { Anchor, Badge, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { ScoreDisclaimer } from '../../components/ScoreDisclaimer';
import { useCurrentWorkspace } from '../workspaces/context';

export function HomePage() {
  const { workspace, canWrite, isOwner } = useCurrentWorkspace();
  const base = `/w/${workspace.id}`;
  return (
    <Stack gap="lg" maw={960}>
      <PageHeader title={workspace.name} description={workspace.description || undefined} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            Getting started
          </Title>
          <List spacing="xs" size="sm">
            <List.Item>
              <Anchor component={Link} to={`${base}/teams`}>
                Teams
              </Anchor>
              : the units or departments in this initiative.
            </List.Item>
            <List.Item>
              <Anchor component={Link} to={`${base}/stakeholders`}>
                Stakeholders
              </Anchor>
              : the people whose trust the change depends on.
            </List.Item>
            {isOwner && (
              <List.Item>
                <Anchor component={Link} to={`${base}/settings/members`}>
                  Members
                </Anchor>
                : who on your team can read or write here.
              </List.Item>
            )}
          </List>
          {!canWrite && (
            <Text size="sm" c="dimmed" mt="sm">
              You are a viewer here: you can read, but not change, this workspace.
            </Text>
          )}
        </Card>
        <Card withBorder>
          <Group gap="xs" mb="xs">
            <Title order={2} size="h4">
              Who needs attention next
            </Title>
            <Badge variant="light" color="gray">
              Coming soon
            </Badge>
          </Group>
          <Text size="sm" mb="sm">
            Once conversations and scores are in the API, this lists the people to talk to next and why.
          </Text>
          <ScoreDisclaimer variant="inline" />
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
