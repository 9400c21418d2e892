import { Button, Card, Group, Stack, Text, Timeline as MantineTimeline, Title } from '@mantine/core';
import { useState } from 'react';
import type { TimelineItem } from '../../api/types';
import { ConfirmAction } from '../../components/ConfirmDialog';
import { ErrorState, LoadingState } from '../../components/states';
import { formatDate, formatDateTime } from '../../lib/format';
import {
  CHAMPION_FACET_LABELS,
  MODE_LABELS,
  OWNER_LABELS,
  RESISTANCE_FACET_LABELS,
  SETTING_LABELS,
  SIGNAL_KIND_LABELS,
  STAGE_LABELS,
} from '../conversations/vocab';
import { useDeleteRecord, useTimeline } from '../scores/api';
import { useCurrentWorkspace } from '../workspaces/context';
import { constructLabel } from '../scores/labels';
import { whatTheyHear } from '../concerns/board';
import { CONCERN_STATUS_LABELS } from './concernStatus';
import { EditRecordDialog } from './EditRecordDialog';
import { LightBadge } from '../scores/CategoryBadge';

const TONE = ['Hostile', 'Cool', 'Neutral', 'Warm', 'Very warm'];

/** Everything recorded about the stakeholder, newest first, a page at a time. */
export function Timeline({ workspaceId, stakeholderId }: { workspaceId: string; stakeholderId: string }) {
  const timeline = useTimeline(workspaceId, stakeholderId);
  const { canWrite } = useCurrentWorkspace();
  const remove = useDeleteRecord(workspaceId);
  const [deleting, setDeleting] = useState<TimelineItem | null>(null);
  const [editing, setEditing] = useState<TimelineItem | null>(null);
  const items = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card withBorder component="section" aria-labelledby="timeline-title">
      <Title order={2} size="h4" id="timeline-title" mb="sm">
        Timeline
      </Title>
      {timeline.isPending ? (
        <LoadingState label="Loading the timeline…" />
      ) : timeline.isError ? (
        <ErrorState error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : items.length === 0 ? (
        <Text size="sm">Nothing recorded yet. Log a conversation to start the record.</Text>
      ) : (
        <Stack gap="sm">
          <MantineTimeline bulletSize={14} lineWidth={2}>
            {items.map((item) => (
              <MantineTimeline.Item key={`${item.type}:${item.record.id}`} title={<ItemTitle item={item} />} id={`record-${item.record.id}`}>
                <Group gap="xs">
                  <Text size="xs" c="dimmed">
                    {formatDateTime(item.at)}
                  </Text>
                  {canWrite && <RecordAction verb="Edit" item={item} onClick={() => setEditing(item)} />}
                  {canWrite && <RecordAction verb="Delete" item={item} onClick={() => setDeleting(item)} />}
                </Group>
                <ItemBody item={item} />
              </MantineTimeline.Item>
            ))}
          </MantineTimeline>
          {timeline.hasNextPage && (
            <Group>
              <Button variant="default" size="xs" onClick={() => void timeline.fetchNextPage()} loading={timeline.isFetchingNextPage}>
                Show older records
              </Button>
            </Group>
          )}
        </Stack>
      )}
      {/* A fresh dialog (and form) for each record edited. */}
      {editing && (
        <EditRecordDialog
          key={`${editing.type}:${editing.record.id}`}
          workspaceId={workspaceId}
          item={editing}
          onClose={() => setEditing(null)}
        />
      )}
      {/* Outside the list, so deleting its last record does not take the dialog with it. */}
      <ConfirmAction
        target={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        variables={(item) => ({ type: item.type, id: item.record.id })}
        done={(item) => `Deleted the ${recordNoun(item)} of ${formatDate(item.at)}.`}
        title="Delete this record"
        confirmLabel="Delete"
      >
        {(item) => deleteWarning(item)}
      </ConfirmAction>
    </Card>
  );
}

function ItemTitle({ item }: { item: TimelineItem }) {
  switch (item.type) {
    case 'conversation':
      return <Text size="sm" fw={600}>One-on-one ({MODE_LABELS[item.record.mode]})</Text>;
    case 'concern':
      return (
        <Group gap={6}>
          <Text size="sm" fw={600}>
            Concern, severity {item.record.severity}
          </Text>
          <LightBadge size="xs" color="gray">
            {CONCERN_STATUS_LABELS[item.record.status]}
          </LightBadge>
        </Group>
      );
    case 'acknowledgement':
      return <Text size="sm" fw={600}>Expertise acknowledged: {item.record.area}</Text>;
    case 'signal':
      return <Text size="sm" fw={600}>{SIGNAL_KIND_LABELS[item.record.kind]}</Text>;
    case 'commitment':
      return (
        <Group gap={6}>
          <Text size="sm" fw={600}>
            Commitment by {item.record.owner === 'team' ? 'us' : 'them'}
          </Text>
          <LightBadge size="xs" color="gray">
            {item.record.status}
          </LightBadge>
        </Group>
      );
  }
}

function ItemBody({ item }: { item: TimelineItem }) {
  const line = (text: string | null | undefined) => (text ? <Text size="sm">{text}</Text> : null);
  switch (item.type) {
    case 'conversation': {
      const c = item.record;
      return (
        <>
          <Text size="sm">
            Tone {c.tone > 0 ? `+${c.tone}` : c.tone} ({TONE[c.tone + 2] ?? ''})
            {c.duration_minutes ? ` · ${c.duration_minutes} min` : ''}
            {c.topics.length ? ` · ${c.topics.join(', ')}` : ''}
          </Text>
          {line(c.summary)}
        </>
      );
    }
    case 'concern': {
      const c = item.record;
      return (
        <>
          {line(c.text)}
          {c.cfir_construct && <Text size="xs" c="dimmed">{constructLabel(c.cfir_construct)}</Text>}
          {c.loop_closed_on && <Text size="xs">We told them {whatTheyHear(c.status)} on {formatDate(c.loop_closed_on)}.</Text>}
        </>
      );
    }
    case 'acknowledgement':
      return (
        <>
          <Text size="sm">{SETTING_LABELS[item.record.setting]}</Text>
          {line(item.record.note)}
        </>
      );
    case 'signal':
      return (
        <>
          {line(signalDetail(item))}
          {line(item.record.note)}
        </>
      );
    case 'commitment':
      return (
        <>
          {line(item.record.description)}
          <Text size="xs" c="dimmed">
            {OWNER_LABELS[item.record.owner]}
            {item.record.due_on ? ` · due ${formatDate(item.record.due_on)}` : ''}
          </Text>
        </>
      );
  }
}

function signalDetail(item: Extract<TimelineItem, { type: 'signal' }>): string {
  const s = item.record;
  switch (s.kind) {
    case 'champion_behavior':
      return `${CHAMPION_FACET_LABELS[s.facet]}, intensity ${s.intensity} of 3`;
    case 'resistance_behavior':
      return `${RESISTANCE_FACET_LABELS[s.facet]}, intensity ${s.intensity} of 3`;
    case 'readiness_check':
      return `Commitment ${s.commitment} of 5, efficacy ${s.efficacy} of 5`;
    case 'stage_of_change':
      return STAGE_LABELS[s.stage];
    case 'adkar':
      return (['awareness', 'desire', 'knowledge', 'ability', 'reinforcement'] as const)
        .filter((k) => s[k] !== null && s[k] !== undefined)
        .map((k) => `${k[0]?.toUpperCase()}${k.slice(1)} ${s[k]}`)
        .join(', ');
    case 'peer_nomination':
      return 'Named by a colleague as someone they go to for advice';
    case 'quick_win':
      return 'A quick win was shared with them';
    default:
      return '';
  }
}

/** A record's quiet action on the timeline, named for the record it acts on (the delete
 * dialog that follows is the red one). */
function RecordAction({ verb, item, onClick }: { verb: 'Edit' | 'Delete'; item: TimelineItem; onClick: () => void }) {
  return (
    <Button variant="subtle" color="gray" size="compact-xs" onClick={onClick} aria-label={`${verb} the ${recordNoun(item)} of ${formatDateTime(item.at)}`}>
      {verb}
    </Button>
  );
}

/** The record in a few words, for the row's buttons and the delete dialog. */
export function recordNoun(item: TimelineItem): string {
  switch (item.type) {
    case 'conversation':
      return 'one-on-one';
    case 'signal':
      return SIGNAL_KIND_LABELS[item.record.kind].toLowerCase();
    default:
      return item.type;
  }
}

/** What deleting the record takes with it, and what stays. */
export function deleteWarning(item: TimelineItem): string {
  const what = `Delete the ${recordNoun(item)} of ${formatDate(item.at)}?`;
  const scores = 'Their scores are worked out again without it, and the change feed keeps a record of the deletion.';
  if (item.type === 'conversation') return `${what} Concerns and commitments logged with it stay, no longer linked to it. ${scores}`;
  if (item.type === 'concern') return `${what} Its status history goes with it. ${scores}`;
  return `${what} ${scores}`;
}
