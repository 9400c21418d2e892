import { Anchor, Button, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Acknowledgement, Commitment, Concern } from '../../api/types';
import { ErrorState, LoadingState } from '../../components/states';
import { formatDate } from '../../lib/format';
import { whatTheyHear } from '../concerns/board';
import { today as todayOf } from '../../lib/format';
import { CLOSE_LOOP_TEXT, useCloseLoop } from '../concerns/useCloseLoop';
import { usePrepRecords } from '../scores/api';
import { LightBadge } from '../scores/CategoryBadge';
import { constructLabel } from '../scores/labels';
import { useCurrentWorkspace } from '../workspaces/context';
import { CONCERN_STATUS_LABELS, SEVERITY_COLORS, SEVERITY_LABELS } from './concernStatus';
import { CommitmentStatusMenu } from './CommitmentStatusMenu';
import { isOverdue, prepOf } from './prep';

/**
 * "Before your next one-on-one": what is still on their mind, what was promised on both sides,
 * and what they bring, on one card at the top of a lead's view of someone. Listen first,
 * close the loops, acknowledge the expertise.
 */
export function PrepCard({ workspaceId, stakeholderId, now = new Date() }: { workspaceId: string; stakeholderId: string; now?: Date }) {
  const records = usePrepRecords(workspaceId, stakeholderId);
  const { canWrite } = useCurrentWorkspace();
  return (
    <Card withBorder component="section" aria-labelledby="prep-title">
      <Title order={2} size="h4" id="prep-title" mb="sm">
        Before your next one-on-one
      </Title>
      {records.isPending ? (
        <LoadingState label="Loading their concerns, commitments and expertise…" />
      ) : records.isError ? (
        <ErrorState error={records.error} onRetry={() => void records.refetch()} />
      ) : (
        <PrepBody workspaceId={workspaceId} today={todayOf(now)} canWrite={canWrite} {...records.data} />
      )}
    </Card>
  );
}

function PrepBody({
  workspaceId,
  today,
  canWrite,
  concerns,
  commitments,
  acknowledgements,
}: {
  workspaceId: string;
  today: string;
  canWrite: boolean;
  concerns: Concern[];
  commitments: Commitment[];
  acknowledgements: Acknowledgement[];
}) {
  const prep = prepOf(concerns, commitments, acknowledgements);
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
      <Part title="What is on their mind" count={prep.worries.length}>
        {prep.worries.length === 0 ? (
          <Text size="sm">No open concerns. Ask what their biggest challenge is right now.</Text>
        ) : (
          <List size="sm" spacing="xs" listStyleType="none" ml={0}>
            {prep.worries.map((c) => (
              <List.Item key={c.id}>
                <ConcernLine c={c} />
              </List.Item>
            ))}
          </List>
        )}
        {prep.toTell.length > 0 && (
          <Stack gap={4} mt="sm">
            <Text size="sm" fw={600}>
              Close the loop
            </Text>
            <List size="sm" spacing="xs" listStyleType="none" ml={0} aria-label="Concerns to close the loop on">
              {prep.toTell.map((c) => (
                <List.Item key={c.id}>
                  <Text size="sm">
                    Tell them {whatTheyHear(c.status)}: “{c.text}”
                  </Text>
                  <Text size="xs" c="dimmed">
                    {CONCERN_STATUS_LABELS[c.status]} {formatDate(c.status_changed_at)}
                    {c.resolution_note ? ` · ${c.resolution_note}` : ''}
                  </Text>
                  {canWrite && <ToldThem workspaceId={workspaceId} concern={c} />}
                </List.Item>
              ))}
            </List>
            <Anchor component={Link} to={`/w/${workspaceId}/concerns`} size="xs">
              All concerns on the board
            </Anchor>
          </Stack>
        )}
      </Part>
      <Part title="What was promised" count={prep.ours.length + prep.theirs.length}>
        {prep.ours.length + prep.theirs.length === 0 && <Text size="sm">Nothing outstanding on either side.</Text>}
        <Promises label="We promised" items={prep.ours} today={today} workspaceId={workspaceId} canWrite={canWrite} />
        <Promises label="They promised" items={prep.theirs} today={today} workspaceId={workspaceId} canWrite={canWrite} />
      </Part>
      <Part title="What they bring" count={prep.expertise.length}>
        {prep.expertise.length === 0 ? (
          <Text size="sm">No expertise acknowledged yet. Ask what they bring, and say so.</Text>
        ) : (
          <List size="sm" spacing="xs" listStyleType="none" ml={0}>
            {prep.expertise.map((e) => (
              <List.Item key={e.area}>
                <Text size="sm">{e.area}</Text>
                <Text size="xs" c="dimmed">
                  Acknowledged {e.times === 1 ? 'once' : `${e.times} times`}, last {formatDate(e.last)}
                </Text>
              </List.Item>
            ))}
          </List>
        )}
      </Part>
    </SimpleGrid>
  );
}

function Part({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  const id = `prep-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <Stack gap="xs" component="section" aria-labelledby={id}>
      <Group gap="xs">
        <Title order={3} size="h5" id={id}>
          {title}
        </Title>
        <LightBadge color="gray" size="sm" aria-hidden>
          {count}
        </LightBadge>
      </Group>
      {children}
    </Stack>
  );
}

function ConcernLine({ c }: { c: Concern }) {
  const meta = [CONCERN_STATUS_LABELS[c.status], c.cfir_construct ? constructLabel(c.cfir_construct) : null, `raised ${formatDate(c.raised_at)}`]
    .filter(Boolean)
    .join(' · ');
  return (
    <>
      <Text size="sm">{c.text}</Text>
      <Group gap={6}>
        <LightBadge size="sm" color={SEVERITY_COLORS[c.severity] ?? 'gray'}>
          {SEVERITY_LABELS[c.severity] ?? c.severity}
        </LightBadge>
        <Text size="xs" c="dimmed">
          {meta}
        </Text>
      </Group>
    </>
  );
}

function Promises({
  label,
  items,
  today,
  workspaceId,
  canWrite,
}: {
  label: string;
  items: Commitment[];
  today: string;
  workspaceId: string;
  canWrite: boolean;
}) {
  if (items.length === 0) return null;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <List size="sm" spacing="xs" listStyleType="none" ml={0} aria-label={label}>
        {items.map((c) => (
          <List.Item key={c.id}>
            <Text size="sm">{c.description}</Text>
            <Group gap={6}>
              <Text size="xs" c="dimmed">
                {c.due_on ? `due ${formatDate(c.due_on)}` : 'no due date'}
              </Text>
              {isOverdue(c, today) && (
                <LightBadge size="sm" color="red">
                  Overdue
                </LightBadge>
              )}
              {canWrite && <CommitmentStatusMenu workspaceId={workspaceId} commitment={c} />}
            </Group>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

/** Closes the loop on a concern dealt with: they have been told what changed (or why not). */
function ToldThem({ workspaceId, concern }: { workspaceId: string; concern: Concern }) {
  const { closeLoop, saving } = useCloseLoop(workspaceId);
  return (
    <Button size="compact-xs" variant="light" color="teal" mt={4} styles={{ label: { color: CLOSE_LOOP_TEXT } }} loading={saving} onClick={() => void closeLoop(concern)}>
      We told them {whatTheyHear(concern.status)}
    </Button>
  );
}
