import { Accordion, Alert, Anchor, Button, Card, Grid, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/errors';
import type { Score, ScoreExplained, TrustInput } from '../../api/types';
import { LazyChart, preloadCharts } from '../../components/charts/LazyChart';
import { DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { ScoreDisclaimer } from '../../components/ScoreDisclaimer';
import { EmptyView, ErrorState, LoadingState } from '../../components/states';
import { formatDate } from '../../lib/format';
import { today } from '../../lib/format';
import { useScoreHistory, useScores, useStakeholder, useStakeholderScore, useTimeline } from '../scores/api';
import { CategoryBadge } from '../scores/CategoryBadge';
import { percent, points as fmt, TRUST_LEVEL_LABELS } from '../scores/categories';
import { recordLabel } from '../scores/labels';
import { ROLE_TYPE_LABELS } from '../stakeholders/labels';
import { useTeams } from '../teams/api';
import { useCurrentWorkspace } from '../workspaces/context';
import { AcknowledgeDialog } from './AcknowledgeDialog';
import { AddConcernDialog } from './AddConcernDialog';
import { PrepCard } from './PrepCard';
import { SignalDialog } from './SignalDialog';
import { historyOption, trustOption } from './charts';
import { explanationRows, explanationTotals, type ExplanationRow } from './explanation';
import { nextPlan } from './nextPlan';
import { Timeline } from './Timeline';
import { LightBadge } from '../scores/CategoryBadge';

// Coloured alert titles fall below 4.5:1 on their tint; the body text colour keeps them legible.
const READABLE_TITLE = { title: { color: 'var(--mantine-color-text)' } };

export function StakeholderProfilePage() {
  const { stakeholderId = '' } = useParams();
  const { workspace, role, canWrite } = useCurrentWorkspace();
  const viewer = role === 'viewer';
  const stakeholder = useStakeholder(workspace.id, stakeholderId);
  const teams = useTeams(workspace.id);
  const [concernOpen, concern] = useDisclosure(false);
  const [acknowledgeOpen, acknowledge] = useDisclosure(false);
  const [signalOpen, signal] = useDisclosure(false);
  useEffect(preloadCharts, []);

  if (stakeholder.isPending) return <LoadingState label="Loading the profile…" />;
  if (stakeholder.isError) {
    if (stakeholder.error instanceof ApiError && stakeholder.error.status === 404) {
      return (
        <EmptyView
          title="No such stakeholder"
          description="They may have been deleted, or the link is wrong."
          action={
            <Anchor component={Link} to={`/w/${workspace.id}/stakeholders`}>
              Go to stakeholders
            </Anchor>
          }
        />
      );
    }
    return <ErrorState error={stakeholder.error} onRetry={() => void stakeholder.refetch()} />;
  }
  const s = stakeholder.data;
  const team = teams.data?.find((t) => t.id === s.team_id)?.name;
  const subtitle = [s.title, team, s.role_type ? ROLE_TYPE_LABELS[s.role_type] : null, s.archived ? 'Archived' : null]
    .filter(Boolean)
    .join(' · ');

  return (
    <Stack gap="md">
      <PageHeader
        title={s.name}
        description={subtitle || undefined}
        actions={
          canWrite && (
            <>
              <Button component={Link} to={`/w/${workspace.id}/log?stakeholder=${s.id}`}>
                Log a conversation
              </Button>
              <Button variant="default" onClick={concern.open}>
                Add a concern
              </Button>
              <Button variant="default" onClick={acknowledge.open}>
                Acknowledge expertise
              </Button>
              <Button variant="default" onClick={signal.open}>
                Record a signal
              </Button>
            </>
          )
        }
      />
      <ScoreDisclaimer />
      {viewer ? <ViewerReading workspaceId={workspace.id} stakeholderId={s.id} /> : <LeadReading workspaceId={workspace.id} stakeholderId={s.id} />}
      {canWrite && <AddConcernDialog workspaceId={workspace.id} stakeholderId={s.id} name={s.name} opened={concernOpen} onClose={concern.close} />}
      {canWrite && (
        <AcknowledgeDialog workspaceId={workspace.id} stakeholderId={s.id} name={s.name} opened={acknowledgeOpen} onClose={acknowledge.close} />
      )}
      {canWrite && <SignalDialog workspaceId={workspace.id} stakeholderId={s.id} name={s.name} opened={signalOpen} onClose={signal.close} />}
    </Stack>
  );
}

/** Viewers: the champion reading only, from the map's data; nothing about reluctance or records. */
function ViewerReading({ workspaceId, stakeholderId }: { workspaceId: string; stakeholderId: string }) {
  const scores = useScores(workspaceId);
  if (scores.isPending) return <LoadingState label="Loading the reading…" />;
  if (scores.isError) return <ErrorState error={scores.error} onRetry={() => void scores.refetch()} />;
  const score = scores.data.find((x) => x.stakeholder_id === stakeholderId);
  return (
    <Stack gap="md">
      {score ? <Readings score={score} /> : <Text size="sm">No reading for this person (they may be archived).</Text>}
      <Alert variant="light" color="gray" role="note" title="What viewers see">
        Viewers see the champion score and a broad category. Reluctance, trust, concerns and notes about a named person are
        for the implementation leads, so that the tool never harms the trust it is about.
      </Alert>
    </Stack>
  );
}

function LeadReading({ workspaceId, stakeholderId }: { workspaceId: string; stakeholderId: string }) {
  const score = useStakeholderScore(workspaceId, stakeholderId);
  const history = useScoreHistory(workspaceId, stakeholderId);
  if (score.isPending) return <LoadingState label="Loading the reading…" />;
  if (score.isError) return <ErrorState error={score.error} onRetry={() => void score.refetch()} />;
  const r = score.data;
  return (
    <Stack gap="md">
      <Readings score={r} />
      {(r.reasons?.length ?? 0) > 0 && (
        <Alert variant="light" color="orange" role="note" title="Needs a one-on-one" styles={READABLE_TITLE}>
          <List size="sm" spacing={2}>
            {r.reasons?.map((x) => (
              <List.Item key={x.code}>
                <strong>{x.code}</strong>: {x.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <NextOneOnOne workspaceId={workspaceId} stakeholderId={stakeholderId} scheduledOn={r.one_on_one_scheduled_on ?? null} />
      {(r.suggestions?.length ?? 0) > 0 && (
        <Alert variant="light" color="blue" role="note" title="Suggestion" styles={READABLE_TITLE}>
          {r.suggestions?.map((x) => <Text key={x.code} size="sm">{x.message}</Text>)}
        </Alert>
      )}
      <PrepCard workspaceId={workspaceId} stakeholderId={stakeholderId} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <TrustCard score={r} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder component="section" aria-labelledby="history-title" h="100%">
            <Title order={2} size="h4" id="history-title" mb="xs">
              Over the last six months
            </Title>
            {history.isPending ? (
              <LoadingState label="Loading the history…" />
            ) : history.isError ? (
              <ErrorState error={history.error} onRetry={() => void history.refetch()} />
            ) : (
              <LazyChart
                option={historyOption(history.data.points)}
                height={280}
                label={`Weekly champion, reluctance and trust scores, ${history.data.points.length} weeks`}
                testId="score-history-chart"
              />
            )}
          </Card>
        </Grid.Col>
      </Grid>
      <WhyThisScore score={r} />
      <Timeline workspaceId={workspaceId} stakeholderId={stakeholderId} />
    </Stack>
  );
}

/**
 * What the latest one-on-one planned for the next: ahead, or passed with nothing logged since
 * (missed, or held and not logged). Read from the timeline's first page, the same query the
 * timeline below shows, so it costs no request; until that page is in, or when the latest
 * one-on-one is on a later page, the reading's booked date stands in.
 */
function NextOneOnOne({ workspaceId, stakeholderId, scheduledOn }: { workspaceId: string; stakeholderId: string; scheduledOn: string | null }) {
  const { canWrite } = useCurrentWorkspace();
  const timeline = useTimeline(workspaceId, stakeholderId);
  const plan = timeline.data ? nextPlan(timeline.data.pages[0]?.items ?? [], today()) : null;
  const how = plan?.booked ? 'booked' : 'planned';
  if (plan?.passed) {
    return (
      <Alert variant="light" color="yellow" role="note" title="A planned one-on-one has passed" styles={READABLE_TITLE}>
        <Text size="sm">
          The one-on-one of {formatDate(plan.plannedAt)} {how} the next for {formatDate(plan.on)}; nothing has been logged
          since.{' '}
          {canWrite && (
            <Anchor inherit component={Link} to={`/w/${workspaceId}/log?stakeholder=${stakeholderId}`}>
              Log it
            </Anchor>
          )}
        </Text>
      </Alert>
    );
  }
  if (plan) return <Text size="sm">The next one-on-one is {how} for {formatDate(plan.on)}.</Text>;
  if (scheduledOn) return <Text size="sm">A one-on-one is scheduled for {formatDate(scheduledOn)}.</Text>;
  return null;
}

function Stat({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId?: string }) {
  return (
    <Card withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
      {detail && (
        <Text size="xs" c="dimmed">
          {detail}
        </Text>
      )}
    </Card>
  );
}

function Readings({ score }: { score: Score | ScoreExplained }) {
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Text size="sm">Category:</Text>
        <CategoryBadge category={score.category} />
        {score.needs_one_on_one && (
          <LightBadge color="orange">
            Needs a one-on-one
          </LightBadge>
        )}
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
        <Stat
          label="Champion"
          value={fmt(score.champion_score)}
          detail={`80% interval ${fmt(score.champion_interval[0])}–${fmt(score.champion_interval[1])}`}
          testId="champion-score"
        />
        {score.reluctance_score !== null && <Stat label="Reluctance" value={fmt(score.reluctance_score)} testId="reluctance-score" />}
        <Stat label="Confidence" value={percent(score.confidence)} detail="How much evidence there is" />
        <Stat label="Influence" value={score.influence.toFixed(2)} detail={score.influence_is_manual ? 'Set by hand' : 'From role and nominations'} />
        {score.trust && <Stat label="Trust" value={fmt(score.trust.score, 0)} detail={TRUST_LEVEL_LABELS[score.trust.level]} />}
      </SimpleGrid>
    </Stack>
  );
}

const DIMENSIONS = ['authenticity', 'competence', 'empathy'] as const;

function TrustCard({ score }: { score: ScoreExplained }) {
  const trust = score.trust;
  if (!trust) return null;
  const inputs = score.explanation.trust_inputs;
  return (
    <Card withBorder component="section" aria-labelledby="trust-title" h="100%">
      <Title order={2} size="h4" id="trust-title" mb={4}>
        Trust triangle
      </Title>
      <LazyChart
        option={trustOption(trust)}
        height={260}
        label={`Trust: authenticity ${fmt(trust.authenticity, 0)}, competence ${fmt(trust.competence, 0)}, empathy ${fmt(trust.empathy, 0)}`}
        testId="trust-chart"
      />
      <Table withRowBorders={false} verticalSpacing={2} fz="sm">
        <Table.Tbody>
          {DIMENSIONS.map((d) => (
            <Table.Tr key={d}>
              <Table.Th scope="row" fw={500}>
                {d[0]?.toUpperCase()}
                {d.slice(1)}
              </Table.Th>
              <Table.Td>{fmt(trust[d], 0)}</Table.Td>
              <Table.Td>
                {trust.wobble.includes(d) && (
                  <LightBadge color="red" size="sm">
                    Wobbles
                  </LightBadge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt={4}>
        Level: {TRUST_LEVEL_LABELS[trust.level]}. A factor wobbles when it has its own evidence and stands below 40.
      </Text>
      {inputs.length > 0 && (
        <Accordion variant="contained" mt="xs">
          <Accordion.Item value="inputs">
            <Accordion.Control>Trust evidence ({inputs.length})</Accordion.Control>
            <Accordion.Panel>
              <DataTable data={inputs} columns={trustColumns} caption="Records that feed trust" minWidth={360} />
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
      )}
    </Card>
  );
}

const trustColumn = createColumnHelper<TrustInput>();
const trustColumns = [
  trustColumn.accessor('at', { header: 'Date', cell: ({ getValue }) => formatDate(getValue()) }),
  trustColumn.accessor('record_type', { header: 'Record', cell: ({ getValue }) => recordLabel(getValue()) }),
  trustColumn.accessor('dimension', { header: 'Factor' }),
  trustColumn.accessor('value', { header: 'Value', cell: ({ getValue }) => percent(getValue()) }),
  trustColumn.accessor('weight', { header: 'Weight now', cell: ({ getValue }) => getValue().toFixed(2) }),
];

const column = createColumnHelper<ExplanationRow>();
const pts = (v: number, evidenceOnly: boolean) => (evidenceOnly ? '0 (adds evidence)' : v.toFixed(1));

function WhyThisScore({ score }: { score: ScoreExplained }) {
  const rows = useMemo(() => explanationRows(score.explanation), [score.explanation]);
  const totals = explanationTotals(rows);
  const columns = useMemo(
    () => [
      column.accessor('at', { header: 'Date', cell: ({ getValue }) => (getValue() ? formatDate(getValue()) : '—') }),
      column.accessor('label', { header: 'Record' }),
      column.accessor('weight', {
        header: 'Evidence now',
        cell: ({ row }) => (row.original.weight === null ? '—' : `${row.original.weight.toFixed(2)} (${percent(row.original.decay)} of it left)`),
      }),
      column.accessor('champion', { header: 'Champion points', cell: ({ row }) => pts(row.original.champion, row.original.evidenceOnly) }),
      column.accessor('reluctance', { header: 'Reluctance points', cell: ({ row }) => pts(row.original.reluctance, row.original.evidenceOnly) }),
    ],
    [],
  );
  return (
    <Card withBorder component="section" aria-labelledby="why-title">
      <Title order={2} size="h4" id="why-title" mb={4}>
        Why this score
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        Each score is the prior plus one contribution per record; older records count for less (half-life 90 days by
        default). A record that adds no points still counts as evidence and narrows the interval.
      </Text>
      <DataTable data={rows} columns={columns} caption="Every record behind the score, with its points" getRowId={(r) => r.id} minWidth={640} />
      <Text size="sm" mt="xs" data-testid="explanation-total">
        Total: champion {totals.champion.toFixed(1)} (score {fmt(score.champion_score)}), reluctance {totals.reluctance.toFixed(1)} (score{' '}
        {fmt(score.reluctance_score)}).
      </Text>
    </Card>
  );
}
