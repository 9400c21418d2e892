import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { ScoreDisclaimer } from './ScoreDisclaimer';
import { usePageTitle } from './usePageTitle';

interface Props {
  title: string;
  /** What the page will do, in one or two sentences. */
  description: string;
  /** The API endpoints this page waits for. */
  waitsFor: string[];
  /** The page will show scores: say now what they are. */
  showsScores?: boolean;
}

/** An honest placeholder for a page whose endpoints do not exist yet: no fake data. */
export function ComingSoon({ title, description, waitsFor, showsScores = false }: Props) {
  usePageTitle(title);
  return (
    <Stack gap="md" maw={720}>
      <Group gap="sm">
        <Title order={1} size="h2">
          {title}
        </Title>
        <Badge variant="light" color="gray">
          Coming soon
        </Badge>
      </Group>
      <Card withBorder>
        <Stack gap="xs">
          <Text>{description}</Text>
          <Text size="sm" c="dimmed">
            This page is not built yet: it needs{' '}
            {waitsFor.map((path, i) => (
              <span key={path}>
                {i > 0 && ', '}
                <code>{path}</code>
              </span>
            ))}{' '}
            in the API.
          </Text>
        </Stack>
      </Card>
      {showsScores && <ScoreDisclaimer />}
    </Stack>
  );
}
