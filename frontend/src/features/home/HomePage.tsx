import { Anchor, Badge, Card, Grid, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';
import { Link } from 'react-router';
import type { LapsedOneOnOne, NextAction, Score } from '../../api/types';
import { LazyChart, preloadCharts } from '../../components/charts/LazyChart';
import { PageHeader } from '../../components/PageHeader';
import { ScoreDisclaimer } from '../../components/ScoreDisclaimer';
import { ErrorState, LoadingState } from '../../components/states';
import { formatDate, noBreakHyphens } from '../../lib/format';
import { FocusCard } from '../challenges/ChallengesPage';
import { useChallenges, useNextActions, useScores, useTrends } from '../scores/api';
import { points as fmt } from '../scores/categories';
import { useCurrentWorkspace } from '../workspaces/context';
import { CommitmentStatusMenu } from '../profile/CommitmentStatusMenu';
import { bookedOneOnOnes, homeCounts, meanTrust, openConcerns, trendOption } from './summary';

export function HomePage() {
  const { workspace, canWrite, isOwner, role } = useCurrentWorkspace();
  const viewer = role === 'viewer';
  const base = `/w/${workspace.id}`;
  const scores = useScores(workspace.id);
  useEffect(preloadCharts, []);
  const challenges = useChallenges(workspace.id);
  const trends = useTrends(workspace.id);

  const empty = scores.data?.length === 0;
  return (
    <Stack gap="lg">
      <PageHeader title={workspace.name} description={workspace.description || undefined} />
      {empty ? (
        <GettingStarted base={base} canWrite={canWrite} isOwner={isOwner} />
      ) : (
        <>
          <ScoreDisclaimer variant="inline" />
          {counts()}
          <Grid gap="md">
            <Grid.Col span={{ base: 12, md: 7 }}>
              {viewer ? (
                <Card withBorder>
                  <Title order={2} size="h4" mb="xs">
                    Who needs attention next
                  </Title>
                  <Text size="sm">
                    The list of people to talk to, and why, is for the implementation leads. The{' '}
                    <Anchor inherit component={Link} to={`${base}/champion-map`}>
                      champion map
                    </Anchor>{' '}
                    shows where everyone stands.
                  </Text>
                </Card>
              ) : (
                <NextActionsCard workspaceId={workspace.id} booked={scores.data ? bookedOneOnOnes(scores.data) : []} canWrite={canWrite} />
              )}
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Stack gap="md">
                {challenges.isError ? (
                  <ErrorState error={challenges.error} onRetry={() => void challenges.refetch()} />
                ) : challenges.isPending ? (
                  <LoadingState label="Loading the focus challenge…" />
                ) : (
                  <>
                    <FocusCard focus={challenges.data.focus} compact canPick={canWrite} />
                    <Anchor component={Link} to={`${base}/challenges`} size="sm">
                      All challenges by CFIR domain
                    </Anchor>
                  </>
                )}
                {!viewer && (
                  <Anchor component={Link} to={`${base}/activity`} size="sm">
                    What the team recorded lately
                  </Anchor>
                )}
              </Stack>
            </Grid.Col>
          </Grid>
          <Card withBorder component="section" aria-labelledby="trend-title">
            <Title order={2} size="h4" id="trend-title" mb={4}>
              Week by week
            </Title>
            <Text size="xs" c="dimmed" mb="xs">
              People in each category at the end of each week, stacked, and mean trust (dashed, right axis).
            </Text>
            {trends.isPending ? (
              <LoadingState label="Loading trends…" />
            ) : trends.isError ? (
              <ErrorState error={trends.error} onRetry={() => void trends.refetch()} />
            ) : trends.data.weeks.length === 0 ? (
              <Text size="sm">No weeks to show yet.</Text>
            ) : (
              <LazyChart
                option={trendOption(trends.data.weeks, viewer)}
                height={300}
                label={`Weekly categories and mean trust over ${trends.data.weeks.length} weeks`}
                testId="trend-chart"
              />
            )}
          </Card>
        </>
      )}
    </Stack>
  );

  // A render helper, not a component: it reads this page's queries.
  function counts() {
    if (scores.isPending) return <LoadingState label="Loading readings…" />;
    if (scores.isError) return <ErrorState error={scores.error} onRetry={() => void scores.refetch()} />;
    const c = homeCounts(scores.data, viewer);
    const trust = meanTrust(scores.data, trends.data?.weeks);
    const concerns = challenges.data ? openConcerns(challenges.data.groups) : null;
    return (
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm" component="section" aria-label="At a glance">
        <Stat label="Champions" value={c.champions} to={`${base}/champion-map`} />
        <Stat label="Supporters" value={c.supporters} to={`${base}/stakeholders?category=supporter`} />
        {c.hesitantOrReluctant !== null ? <Stat label="Hesitant + reluctant" value={c.hesitantOrReluctant} /> : <Stat label="Other" value={c.other} />}
        {c.needingOneOnOne !== null && <Stat label="Need a one-on-one" value={c.needingOneOnOne} to={oneOnOnesList(base)} />}
        <Stat label="Open concerns" value={concerns} to={viewer ? `${base}/challenges` : `${base}/concerns`} />
        <Stat label="Mean trust" value={trust === null ? null : fmt(trust, 0)} />
      </SimpleGrid>
    );
  }
}

function Stat({ label, value, to }: { label: string; value: number | string | null; to?: string }) {
  const number = (
    <Text size="xl" fw={700}>
      {value ?? '—'}
    </Text>
  );
  return (
    <Card withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {noBreakHyphens(label)}
      </Text>
      {to ? (
        <Anchor component={Link} to={to} underline="hover" c="inherit" aria-label={`${label}: ${value ?? 'unknown'}`}>
          {number}
        </Anchor>
      ) : (
        number
      )}
    </Card>
  );
}

const ACTION_LISTS: { key: 'one_on_ones' | 'overdue_commitments' | 'loops_to_close' | 'resources_to_share'; title: string }[] = [
  { key: 'one_on_ones', title: 'One-on-ones to hold' },
  { key: 'overdue_commitments', title: 'Our overdue commitments' },
  { key: 'loops_to_close', title: 'Tell them what changed' },
  { key: 'resources_to_share', title: 'Resources to share' },
];
const SHOWN = 8;

/** Everyone due a one-on-one, most pressing first. */
const oneOnOnesList = (base: string) => `${base}/stakeholders?needs=yes&sort=-needs_one_on_one`;

function NextActionsCard({ workspaceId, booked, canWrite }: { workspaceId: string; booked: Score[]; canWrite: boolean }) {
  const actions = useNextActions(workspaceId);
  const base = `/w/${workspaceId}`;
  let body: ReactNode;
  if (actions.isPending) body = <LoadingState label="Loading next actions…" />;
  else if (actions.isError) body = <ErrorState error={actions.error} onRetry={() => void actions.refetch()} />;
  else {
    const lists = ACTION_LISTS.filter((l) => actions.data[l.key].length > 0);
    const lapsed = actions.data.lapsed_one_on_ones;
    body =
      lists.length === 0 && booked.length === 0 && lapsed.length === 0 ? (
        <Text size="sm">Nobody needs attention right now.</Text>
      ) : (
        <Stack gap="md">
          {lists.map(({ key, title }) => {
            const items = actions.data[key];
            return (
              <section key={key} aria-label={title}>
                <Group gap="xs" mb={4}>
                  <Title order={3} size="h5">
                    {title}
                  </Title>
                  <Badge variant="default">{items.length}</Badge>
                </Group>
                <List spacing={6} size="sm" listStyleType="none" styles={{ root: { paddingLeft: 0 } }}>
                  {items.slice(0, SHOWN).map((a) => (
                    <List.Item key={`${a.stakeholder_id}:${a.record_id ?? ''}`}>
                      <ActionLine action={a} base={base} workspaceId={workspaceId} canWrite={canWrite} />
                    </List.Item>
                  ))}
                </List>
                {items.length > SHOWN && (
                  <Text size="xs" c="dimmed" mt={4}>
                    and {items.length - SHOWN} more
                    {key === 'one_on_ones' && (
                      <>
                        {' '}
                        on the{' '}
                        <Anchor component={Link} to={oneOnOnesList(base)} size="xs" underline="always">
                          stakeholder list
                        </Anchor>
                      </>
                    )}
                    {key === 'loops_to_close' && (
                      <>
                        {' '}
                        on the{' '}
                        <Anchor component={Link} to={`${base}/concerns`} size="xs" underline="always">
                          concerns board
                        </Anchor>
                      </>
                    )}
                  </Text>
                )}
              </section>
            );
          })}
          {lapsed.length > 0 && <LapsedOneOnOnes lapsed={lapsed} base={base} canWrite={canWrite} />}
          {booked.length > 0 && <BookedOneOnOnes booked={booked} base={base} />}
        </Stack>
      );
  }
  return (
    <Card withBorder component="section" aria-labelledby="next-title">
      <Title order={2} size="h4" id="next-title" mb="xs">
        Who needs attention next
      </Title>
      {body}
    </Card>
  );
}

function ActionLine({ action: a, base, workspaceId, canWrite }: { action: NextAction; base: string; workspaceId: string; canWrite: boolean }) {
  return (
    <Stack gap={0}>
      <Group gap={6}>
        <Anchor component={Link} to={`${base}/stakeholders/${a.stakeholder_id}`} fw={600} size="sm">
          {a.name || 'Unknown person'}
        </Anchor>
        {a.due_on && (
          <Text size="xs" c="dimmed">
            due {formatDate(a.due_on)}
          </Text>
        )}
        {canWrite && a.type === 'overdue_commitment' && a.record_id && (
          // The overdue list holds the implementation team's own promises.
          <CommitmentStatusMenu workspaceId={workspaceId} commitment={{ id: a.record_id, description: a.description ?? 'the commitment', owner: 'team' }} />
        )}
      </Group>
      {a.description && <Text size="sm">{a.description}</Text>}
      {(a.reasons ?? []).map((r) => (
        <Text key={r.code} size="xs" c="dimmed">
          {r.code}: {r.message}
        </Text>
      ))}
    </Stack>
  );
}

function GettingStarted({ base, canWrite, isOwner }: { base: string; canWrite: boolean; isOwner: boolean }) {
  return (
    <Card withBorder maw={720}>
      <Title order={2} size="h4" mb="xs">
        Getting started
      </Title>
      <List spacing="xs" size="sm">
        <List.Item>
          <Anchor inherit component={Link} to={`${base}/teams`}>
            Teams
          </Anchor>
          : the units or departments in this initiative.
        </List.Item>
        <List.Item>
          <Anchor inherit component={Link} to={`${base}/stakeholders`}>
            Stakeholders
          </Anchor>
          : the people whose trust the change depends on.
        </List.Item>
        {canWrite && (
          <List.Item>
            <Anchor inherit component={Link} to={`${base}/log`}>
              Log a conversation
            </Anchor>
            : each one-on-one, and the concerns and signals that came out of it, builds everyone’s reading.
          </List.Item>
        )}
        {isOwner && (
          <List.Item>
            <Anchor inherit component={Link} to={`${base}/settings/members`}>
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
  );
}

/** One-on-ones planned for a day that has passed, with nothing logged since: held and not
 * logged (so the readings miss it), or missed. Oldest plan first, as the API lists them. */
function LapsedOneOnOnes({ lapsed, base, canWrite }: { lapsed: LapsedOneOnOne[]; base: string; canWrite: boolean }) {
  return (
    <section aria-label="Planned one-on-ones that passed">
      <Group gap="xs" mb={2}>
        <Title order={3} size="h5">
          Planned one-on-ones that passed
        </Title>
        <Badge variant="default">{lapsed.length}</Badge>
      </Group>
      <Text size="xs" c="dimmed" mb={4}>
        Nothing was logged after the day planned: log it if it happened, or plan another.
      </Text>
      <List spacing={6} size="sm" listStyleType="none" styles={{ root: { paddingLeft: 0 } }}>
        {lapsed.slice(0, SHOWN).map((l) => (
          <List.Item key={l.stakeholder_id}>
            <Group gap={6}>
              <Anchor component={Link} to={`${base}/stakeholders/${l.stakeholder_id}`} fw={600} size="sm">
                {l.name || 'Unknown person'}
              </Anchor>
              <Text size="xs" c="dimmed">
                {l.booked ? 'booked for' : 'planned for'} {formatDate(l.planned_on)}
              </Text>
              {canWrite && (
                <Anchor component={Link} to={`${base}/log?stakeholder=${l.stakeholder_id}`} size="xs" aria-label={`Log it: the one-on-one with ${l.name}`}>
                  Log it
                </Anchor>
              )}
            </Group>
          </List.Item>
        ))}
      </List>
      {lapsed.length > SHOWN && (
        <Text size="xs" c="dimmed" mt={4}>
          and {lapsed.length - SHOWN} more
        </Text>
      )}
    </section>
  );
}

/** Booked one-on-ones keep people off the list above; here they are, so none is forgotten. */
function BookedOneOnOnes({ booked, base }: { booked: Score[]; base: string }) {
  return (
    <section aria-label="One-on-ones booked">
      <Group gap="xs" mb={4}>
        <Title order={3} size="h5">
          One-on-ones booked
        </Title>
        <Badge variant="default">{booked.length}</Badge>
      </Group>
      <List spacing={6} size="sm" listStyleType="none" styles={{ root: { paddingLeft: 0 } }}>
        {booked.slice(0, SHOWN).map((s) => (
          <List.Item key={s.stakeholder_id}>
            <Group gap={6}>
              <Anchor component={Link} to={`${base}/stakeholders/${s.stakeholder_id}`} fw={600} size="sm">
                {s.name}
              </Anchor>
              <Text size="xs" c="dimmed">
                {formatDate(s.one_on_one_scheduled_on ?? '')}
              </Text>
            </Group>
            {(s.reasons ?? []).map((r) => (
              <Text key={r.code} size="xs" c="dimmed">
                Would be due otherwise: {r.code}: {r.message}
              </Text>
            ))}
          </List.Item>
        ))}
      </List>
      {booked.length > SHOWN && (
        <Text size="xs" c="dimmed" mt={4}>
          and {booked.length - SHOWN} more
        </Text>
      )}
    </section>
  );
}
