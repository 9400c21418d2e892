import { Alert, Anchor, Button, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { ActivityEvent } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { EmptyView, ErrorState, LoadingState } from '../../components/states';
import { useActivity, usePeople } from '../scores/api';
import { LightBadge } from '../scores/CategoryBadge';
import { useMembers } from '../settings/api';
import { useCurrentWorkspace } from '../workspaces/context';
import { byDay, dayHeading, describe, type Names } from './describe';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

/** What the page can narrow to: an event type, or a resource's events (the feed's filter). */
const SHOWING = [
  { value: '', label: 'Everything' },
  { value: 'conversation.created', label: 'One-on-ones' },
  { value: 'concern.*', label: 'Concerns' },
  { value: 'stakeholder.category_changed', label: 'Category changes' },
];

/**
 * What changed in the workspace lately, newest first and by day: who logged a one-on-one with
 * whom, which concerns moved, who was acknowledged, and whose category changed. For the leads
 * of a team to see each other's work (viewers do not see records about named people).
 */
export function ActivityPage() {
  const { workspace, role } = useCurrentWorkspace();
  const viewer = role === 'viewer';
  const [showing, setShowing] = useState('');
  const narrow = useMediaQuery('(max-width: 36em)');
  const activity = useActivity(workspace.id, showing || null, !viewer);
  const people = usePeople(workspace.id, !viewer);
  const members = useMembers(workspace.id);
  const names = useMemo<Names>(() => {
    const byUser = new Map((members.data ?? []).map((m) => [m.user_id, m.name]));
    return { person: (id) => people.data?.get(id)?.name, member: (id) => byUser.get(id) };
  }, [people.data, members.data]);
  const events = useMemo(() => activity.data?.pages.flatMap((p) => p.items) ?? [], [activity.data]);

  if (viewer) {
    return (
      <>
        <PageHeader title="Activity" />
        <Alert variant="light" color="gray" role="note" title="Activity is for the implementation leads">
          It tells what was recorded about named people, which viewers do not see. The{' '}
          <Anchor inherit component={Link} to={`/w/${workspace.id}`}>
            home page
          </Anchor>{' '}
          shows how the rollout is going.
        </Alert>
      </>
    );
  }

  let body;
  if (activity.isPending) body = <LoadingState label="Loading what changed…" />;
  else if (activity.isError) body = <ErrorState error={activity.error} onRetry={() => void activity.refetch()} />;
  else if (events.length === 0)
    body = showing ? (
      <EmptyView title="None yet" description="Nothing of this kind has been recorded. Choose Everything to see all changes." />
    ) : (
      <EmptyView title="Nothing yet" description="Conversations, concerns and other records appear here as they are logged." />
    );
  else
    body = (
      <Stack gap="md">
        {byDay(events).map(({ day, events: lines }) => (
          <Card key={day} withBorder component="section" aria-labelledby={`day-${day}`} p="sm">
            <Title order={2} size="h5" id={`day-${day}`} mb="xs">
              {dayHeading(day)}
            </Title>
            <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {lines.map((e) => (
                <ActivityItem key={e.seq} event={e} names={names} workspaceId={workspace.id} />
              ))}
            </Stack>
          </Card>
        ))}
        {activity.hasNextPage && (
          <Group>
            <Button variant="default" size="xs" onClick={() => void activity.fetchNextPage()} loading={activity.isFetchingNextPage}>
              Show earlier changes
            </Button>
          </Group>
        )}
      </Stack>
    );

  return (
    <Stack gap="md">
      <PageHeader title="Activity" description="What the team recorded lately, newest first: one-on-ones, concerns and their progress, acknowledgements, promises, and whose category changed." />
      {/* Four choices do not fit across a phone: there they stack. */}
      <SegmentedControl
        data={SHOWING}
        value={showing}
        onChange={setShowing}
        aria-label="Show"
        orientation={narrow ? 'vertical' : 'horizontal'}
        fullWidth={narrow}
        w={narrow ? undefined : 'fit-content'}
      />
      {body}
    </Stack>
  );
}

function ActivityItem({ event, names, workspaceId }: { event: ActivityEvent; names: Names; workspaceId: string }) {
  const line = describe(event, names);
  const person = line.about && (
    <Anchor component={Link} to={`/w/${workspaceId}/stakeholders/${line.about.id}`} size="sm" fw={600}>
      {line.about.name}
    </Anchor>
  );
  return (
    <Group component="li" gap="xs" wrap="nowrap" align="flex-start">
      <Text size="xs" c="dimmed" w={64} style={{ flexShrink: 0 }} mt={2}>
        {timeFormat.format(new Date(event.occurred_at))}
      </Text>
      <div>
        {/* A div, not a p: the category line holds a badge, which is a block. */}
        <Text size="sm" component="div">
          {line.category ? (
            <>
              {person ?? 'Someone'} {line.what}{' '}
              <LightBadge size="xs" color="gray">
                Category
              </LightBadge>
            </>
          ) : (
            <>
              <Text span fw={600} size="sm">
                {line.who}
              </Text>{' '}
              {line.what}
              {person && <> {person}</>}
            </>
          )}
        </Text>
        {line.detail && (
          <Text size="xs" c="dimmed" lineClamp={2}>
            {line.detail}
          </Text>
        )}
      </div>
    </Group>
  );
}
