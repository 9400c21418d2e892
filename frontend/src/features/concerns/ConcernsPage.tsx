import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Menu, Modal, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { type ReactNode, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { messageOf } from '../../api/errors';
import type { Concern, ConcernStatus } from '../../api/types';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { EmptyView, ErrorState, LoadingState } from '../../components/states';
import { formatDate } from '../../lib/format';
import { CONCERN_STATUS_LABELS, CONCERN_STATUSES, SEVERITY_COLORS, SEVERITY_LABELS } from '../profile/concernStatus';
import { useConcerns, usePeople, useUpdateRecord } from '../scores/api';
import { constructLabel, domainLabel } from '../scores/labels';
import { useTeams } from '../teams/api';
import { useCurrentWorkspace } from '../workspaces/context';
import { canCloseLoop, challengeOptions, COLUMN_PAGE, concernsExportHref, groupByStatus, isDone, moveRequest, type Person, visibleCards, whatTheyHear } from './board';
import { notifyDone, notifyFailed } from '../scores/notify';
import { LightBadge } from '../scores/CategoryBadge';
import { useUrlParams } from '../../lib/urlParams';
import { CLOSE_LOOP_TEXT, useCloseLoop } from './useCloseLoop';
import { BoardDnd, useDragCard, useDropColumn } from './BoardDnd';

const COLUMN_HELP: Record<ConcernStatus, string> = {
  open: 'Raised and not yet taken up',
  being_addressed: 'Someone is working on it',
  resolved: 'Dealt with: tell them what changed',
  dismissed: 'Not acted on: tell them why',
};

const EXPORT_TITLE = 'Every concern the board shows (team, challenge and search), in every status, as a spreadsheet';

interface Moving {
  concern: Concern;
  to: ConcernStatus;
}

export function ConcernsPage() {
  const { workspace, canWrite, role } = useCurrentWorkspace();
  const viewer = role === 'viewer';
  const { query: concerns, loaded } = useConcerns(workspace.id, !viewer);
  const people = usePeople(workspace.id, !viewer);
  const teams = useTeams(workspace.id);
  const [search, setSearch] = useState('');
  // Team and challenge live in the URL: the Challenges page links to one challenge's concerns.
  const { params, setParam } = useUrlParams();
  const teamId = params.get('team');
  const challenge = params.get('challenge');
  const [moving, setMoving] = useState<Moving | null>(null);
  // How many cards each column shows after "Show more", for the filters they were asked under
  // (a new search or filter starts each column at its first count again).
  const filterKey = `${search}\n${teamId ?? ''}\n${challenge ?? ''}`;
  const [asked, setAsked] = useState<{ key: string; limits: Partial<Record<ConcernStatus, number>> }>({ key: filterKey, limits: {} });
  const limits = asked.key === filterKey ? asked.limits : {};
  const setLimit = (status: ConcernStatus, limit: number | undefined) =>
    setAsked({ key: filterKey, limits: { ...limits, [status]: limit } });
  const update = useUpdateRecord(workspace.id);
  const { closeLoop } = useCloseLoop(workspace.id);

  const directory = useMemo(() => people.data ?? new Map<string, Person>(), [people.data]);
  const columns = useMemo(
    () => groupByStatus(concerns.data ?? [], directory, { search, teamId, challenge }),
    [concerns.data, directory, search, teamId, challenge],
  );
  const challenges = useMemo(() => challengeOptions(concerns.data ?? [], challenge), [concerns.data, challenge]);

  if (viewer) {
    return (
      <>
        <PageHeader title="Concerns" />
        <Alert variant="light" color="gray" role="note" title="Concerns are for the implementation leads">
          Viewers do not see concerns about named people. The{' '}
          <Anchor inherit component={Link} to={`/w/${workspace.id}/challenges`}>
            challenges
          </Anchor>{' '}
          page shows how many are open under each CFIR domain.
        </Alert>
      </>
    );
  }

  const nameOf = (c: Concern) => directory.get(c.stakeholder_id)?.name ?? 'the stakeholder';
  const move = async (concern: Concern, to: ConcernStatus, options?: Parameters<typeof moveRequest>[2]) => {
    const who = nameOf(concern);
    try {
      await update.mutateAsync({ type: 'concern', id: concern.id, body: moveRequest(concern, to, options) });
      notifyDone(`Moved ${who}’s concern to ${CONCERN_STATUS_LABELS[to].toLowerCase()}.`);
      return null;
    } catch (error) {
      return messageOf(error);
    }
  };

  // The menu's way and a drop's way to move a card: Resolved and Dismissed ask what changed.
  const requestMove = (concern: Concern, to: ConcernStatus) => {
    if (isDone(to)) setMoving({ concern, to });
    else
      void move(concern, to).then((error) => {
        if (error) notifyFailed('Could not move the concern', error);
      });
  };
  const byId = new Map((concerns.data ?? []).map((c) => [c.id, c]));
  const searching = search.trim() !== '';

  const total = concerns.data?.length ?? 0;
  return (
    <Stack gap="md">
      <PageHeader
        title="Concerns"
        description={
          canWrite
            ? 'What people raised, by where it stands: drag a card to another column, or use its Move to… menu. A concern is closed when they have heard what changed.'
            : 'What people raised, by where it stands. A concern is closed when they have heard what changed.'
        }
        actions={
          <Group gap="md">
            <Anchor component={Link} to={`/w/${workspace.id}/challenges`} size="sm">
              By CFIR challenge
            </Anchor>
            {total > 0 ? (
              <Button component="a" variant="default" href={concernsExportHref(workspace.id, teamId, challenge, search)} download title={EXPORT_TITLE}>
                Export CSV
              </Button>
            ) : (
              <Button variant="default" disabled title={EXPORT_TITLE}>
                Export CSV
              </Button>
            )}
          </Group>
        }
      />
      <Group align="flex-end" gap="sm" wrap="wrap" role="search" aria-label="Filter concerns">
        <TextInput label="Search" type="search" placeholder="Person or concern" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={240} />
        <Select
          label="Team"
          placeholder="All teams"
          data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
          value={teamId}
          onChange={(v) => setParam('team', v)}
          clearable
          w={220}
        />
        <Select
          label="Challenge"
          placeholder="All challenges"
          data={challenges}
          value={challenge}
          onChange={(v) => setParam('challenge', v)}
          clearable
          searchable
          w={320}
        />
      </Group>
      {concerns.isPending || people.isPending ? (
        <LoadingState label={loaded > 0 && concerns.isPending ? `Loading concerns… ${loaded.toLocaleString('en')} so far` : 'Loading concerns…'} />
      ) : concerns.isError ? (
        <ErrorState error={concerns.error} onRetry={() => void concerns.refetch()} />
      ) : people.isError ? (
        <ErrorState error={people.error} onRetry={() => void people.refetch()} />
      ) : total === 0 ? (
        <EmptyView
          title="No concerns yet"
          description="Concerns come out of one-on-one conversations; log one to record what worries people."
          action={
            canWrite && (
              <Anchor component={Link} to={`/w/${workspace.id}/log`}>
                Log a conversation
              </Anchor>
            )
          }
        />
      ) : (
        <BoardDnd concerns={byId} nameOf={nameOf} onDrop={requestMove}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
          {CONCERN_STATUSES.map((status) => {
            const { shown, hidden, expanded } = visibleCards(status, columns[status], { limit: limits[status], searching });
            const label = CONCERN_STATUS_LABELS[status].toLowerCase();
            const more = Math.min(hidden, COLUMN_PAGE);
            const moreText = isDone(status) && !searching ? `Show ${more} earlier` : `Show ${more} more`;
            const fewerText = isDone(status) && !searching ? 'Show only the latest' : 'Show fewer';
            return (
            <Column key={status} status={status}>
              <Group justify="space-between" mb={2}>
                <Title order={2} size="h5" id={`col-${status}`}>
                  {CONCERN_STATUS_LABELS[status]}
                </Title>
                <Badge variant="default">{columns[status].length}</Badge>
              </Group>
              <Text size="xs" c="dimmed" mb="xs">
                {COLUMN_HELP[status]}
              </Text>
              <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {columns[status].length === 0 && (
                  <Text size="sm" c="dimmed" component="li">
                    None
                  </Text>
                )}
                {shown.map((c) => (
                  <ConcernCard
                    key={c.id}
                    concern={c}
                    person={directory.get(c.stakeholder_id)}
                    workspaceId={workspace.id}
                    canWrite={canWrite}
                    busy={update.isPending && update.variables?.id === c.id}
                    onMove={(to) => requestMove(c, to)}
                    onCloseLoop={() => void closeLoop(c)}
                  />
                ))}
              </Stack>
              {(hidden > 0 || expanded) && (
                <Group gap="xs" mt="xs">
                  {hidden > 0 && (
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      aria-label={`${moreText} ${label} concerns`}
                      onClick={() => setLimit(status, shown.length + COLUMN_PAGE)}
                    >
                      {moreText}
                    </Button>
                  )}
                  {expanded && (
                    <Button variant="subtle" size="compact-sm" aria-label={`${fewerText} ${label} concerns`} onClick={() => setLimit(status, undefined)}>
                      {fewerText}
                    </Button>
                  )}
                </Group>
              )}
            </Column>
            );
          })}
        </SimpleGrid>
        </BoardDnd>
      )}
      {moving && (
        <ResolveDialog
          key={moving.concern.id + moving.to}
          moving={moving}
          name={directory.get(moving.concern.stakeholder_id)?.name ?? 'them'}
          saving={update.isPending}
          onCancel={() => setMoving(null)}
          onSave={async (note, toldThem) => {
            const error = await move(moving.concern, moving.to, { note, toldThem });
            if (!error) setMoving(null);
            return error;
          }}
        />
      )}
    </Stack>
  );
}

function ConcernCard({
  concern: c,
  person,
  workspaceId,
  canWrite,
  busy,
  onMove,
  onCloseLoop,
}: {
  concern: Concern;
  person: Person | undefined;
  workspaceId: string;
  canWrite: boolean;
  busy: boolean;
  onMove: (to: ConcernStatus) => void;
  onCloseLoop: () => void;
}) {
  const name = person?.name ?? 'Unknown person';
  const { setNodeRef: dragRef, listeners, isDragging } = useDragCard(c, canWrite && !busy);
  return (
    <Card
      component="li"
      withBorder
      p="xs"
      aria-label={`${name}: ${c.text}`}
      ref={dragRef}
      {...listeners}
      // The original stays put, faded, while its copy follows the pointer (BoardDnd).
      style={{ opacity: isDragging ? 0.4 : undefined, cursor: listeners ? 'grab' : undefined }}
    >
      <Group justify="space-between" gap={4} wrap="nowrap" align="flex-start">
        <Anchor component={Link} to={`/w/${workspaceId}/stakeholders/${c.stakeholder_id}`} size="sm" fw={600}>
          {name}
        </Anchor>
        <LightBadge size="sm" color={SEVERITY_COLORS[c.severity] ?? 'gray'}>
          {SEVERITY_LABELS[c.severity] ?? c.severity}
        </LightBadge>
      </Group>
      <Text size="sm" my={4}>
        {c.text}
      </Text>
      {(c.cfir_domain || c.cfir_construct) && (
        <Text size="xs" c="dimmed">
          {c.cfir_construct ? constructLabel(c.cfir_construct) : domainLabel(c.cfir_domain)}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        Raised {formatDate(c.raised_at)}
        {c.status !== 'open' && ` · ${CONCERN_STATUS_LABELS[c.status].toLowerCase()} ${formatDate(c.status_changed_at)}`}
      </Text>
      {c.resolution_note && (
        <Text size="xs" mt={2}>
          {c.resolution_note}
        </Text>
      )}
      {c.loop_closed_on && (
        // Plain text, not a badge: it wraps in a narrow column instead of being cut off.
        <Text size="xs" fw={600} c="teal.9" mt={4}>
          ✓ Told them {whatTheyHear(c.status)}, {formatDate(c.loop_closed_on)}
        </Text>
      )}
      {canWrite && (
        <Group gap={6} mt={6}>
          <Menu position="bottom-start" withinPortal>
            <Menu.Target>
              <Button size="compact-xs" variant="default" loading={busy} aria-label={`Move to… (${name}: ${c.text})`}>
                Move to…
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {CONCERN_STATUSES.filter((s) => s !== c.status).map((s) => (
                <Menu.Item key={s} onClick={() => onMove(s)}>
                  {CONCERN_STATUS_LABELS[s]}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          {canCloseLoop(c) && (
            // The board's columns are narrow: the label wraps rather than being cut off.
            <Button
              size="compact-xs"
              variant="light"
              color="teal"
              onClick={onCloseLoop}
              disabled={busy}
              maw="100%"
              h="auto"
              py={3}
              styles={{ label: { whiteSpace: 'normal', textAlign: 'left', lineHeight: 1.35, color: CLOSE_LOOP_TEXT } }}
            >
              We told them {whatTheyHear(c.status)}
            </Button>
          )}
        </Group>
      )}
    </Card>
  );
}

/** A column of the board, which takes a dragged card (outlined while one is over it). */
function Column({ status, children }: { status: ConcernStatus; children: ReactNode }) {
  const { setNodeRef: dropRef, isOver } = useDropColumn(status);
  return (
    <Card
      ref={dropRef}
      withBorder
      bg={isOver ? 'blue.0' : 'gray.0'}
      component="section"
      aria-labelledby={`col-${status}`}
      p="sm"
      style={isOver ? { outline: '2px dashed var(--mantine-color-blue-6)', outlineOffset: -2 } : undefined}
    >
      {children}
    </Card>
  );
}

function ResolveDialog({
  moving,
  name,
  saving,
  onCancel,
  onSave,
}: {
  moving: Moving;
  name: string;
  saving: boolean;
  onCancel: () => void;
  onSave: (note: string, toldThem: boolean) => Promise<string | null>;
}) {
  const [note, setNote] = useState(moving.concern.resolution_note);
  const [told, setTold] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const verb = moving.to === 'resolved' ? 'Resolve' : 'Dismiss';
  return (
    <Modal opened onClose={onCancel} title={`${verb} ${name}’s concern`} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void onSave(note, told).then(setError);
        }}
      >
        <Stack>
          <Text size="sm">“{moving.concern.text}”</Text>
          <Textarea
            label={moving.to === 'resolved' ? 'What changed' : 'Why it is not being acted on'}
            description="Optional; what you will tell them"
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={2}
            data-autofocus
          />
          {!moving.concern.loop_closed_on && (
            <Checkbox label={`We have already told them ${whatTheyHear(moving.to)}`} checked={told} onChange={(e) => setTold(e.currentTarget.checked)} />
          )}
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel} disabled={saving}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              {verb}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
