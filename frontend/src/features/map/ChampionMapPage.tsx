import { Anchor, Button, Card, Grid, Group, Select, Stack, Switch, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { preloadCharts } from '../../components/charts/LazyChart';
import { DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { SCORE_CAVEAT, ScoreDisclaimer } from '../../components/ScoreDisclaimer';
import { EmptyView, ErrorState, LoadingState } from '../../components/states';
import { useScores } from '../scores/api';
import { CategoryBadge, CategoryKey } from '../scores/CategoryBadge';
import { categoriesFor, percent, points as fmt } from '../scores/categories';
import { useTeams } from '../teams/api';
import { useCurrentWorkspace } from '../workspaces/context';
import { ChampionMapChart } from './ChampionMapChart';
import { IMAGE_SIZE, mapImageFileName, mapImageOption } from './chartOption';
import { messageOf } from '../../api/errors';
import { saveUrl } from '../../lib/download';
import { notifyDone, notifyFailed } from '../scores/notify';
import { today } from '../../lib/format';
import { axesFor, cardLines, countByCategory, filterPoints, matchingIds, NO_TEAM, SIZE_STEPS, toMapPoint, type MapPoint } from './points';
import { TeamCoverage } from './TeamCoverage';
import { useUrlParams } from '../../lib/urlParams';
import { formatDate, noBreakHyphens } from '../../lib/format';

const column = createColumnHelper<MapPoint>();
/** The list view shows this many rows; the search narrows it. */
const LIST_LIMIT = 200;
/** The match list under the map shows this many names. */
const MATCH_LIMIT = 30;

export function ChampionMapPage() {
  const { workspace, role } = useCurrentWorkspace();
  const viewer = role === 'viewer';
  const navigate = useNavigate();
  const { params, setParam } = useUrlParams();
  const scores = useScores(workspace.id);
  useEffect(preloadCharts, []);
  const teams = useTeams(workspace.id);

  const teamId = params.get('team');
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(search, 150);
  const [asList, setAsList] = useState(false);
  // The match whose card the map shows while its link has focus (or the mouse).
  const [focusedId, setFocusedId] = useState<string | null>(null);

  const all = useMemo(() => (scores.data ?? []).map((s) => toMapPoint(s, viewer)), [scores.data, viewer]);
  const shown = useMemo(() => filterPoints(all, teamId), [all, teamId]);
  const matches = useMemo(() => matchingIds(shown, debounced), [shown, debounced]);
  const counts = useMemo(() => countByCategory(shown), [shown]);
  const teamNames = useMemo(() => new Map((teams.data ?? []).map((t) => [t.id, t.name])), [teams.data]);
  const teamName = useCallback((id: string | null) => (id ? (teamNames.get(id) ?? null) : null), [teamNames]);
  const profile = useCallback(
    (id: string) => `/w/${workspace.id}/stakeholders/${id}`,
    [workspace.id],
  );
  const open = useCallback((p: MapPoint) => void navigate(profile(p.id)), [navigate, profile]);

  const matched = useMemo(() => (matches ? shown.filter((p) => matches.has(p.id)) : []), [shown, matches]);
  const listed = useMemo(
    () => (matches ? matched : [...shown].sort((a, b) => b.interval[0] - a.interval[0])).slice(0, LIST_LIMIT),
    [matches, matched, shown],
  );
  const columns = useMemo(
    () => [
      column.accessor('name', {
        header: 'Name',
        cell: ({ row }) => (
          <Anchor component={Link} to={profile(row.original.id)} size="sm">
            {row.original.name}
          </Anchor>
        ),
      }),
      column.accessor('category', { header: 'Category', cell: ({ getValue }) => <CategoryBadge category={getValue()} /> }),
      column.accessor('champion', { header: 'Champion', cell: ({ getValue }) => fmt(getValue()) }),
      column.accessor((p) => p.interval[0], {
        id: 'interval',
        header: '80% interval',
        cell: ({ row }) => `${fmt(row.original.interval[0])}–${fmt(row.original.interval[1])}`,
      }),
      ...(viewer ? [] : [column.accessor('reluctance', { header: 'Reluctance', cell: ({ getValue }) => fmt(getValue()) })]),
      column.accessor('confidence', { header: 'Confidence', cell: ({ getValue }) => percent(getValue()) }),
      column.accessor('y', { header: 'Influence', cell: ({ getValue }) => getValue().toFixed(2) }),
      column.accessor('teamId', { header: 'Team', cell: ({ getValue }) => teamName(getValue()) ?? '—' }),
      ...(viewer
        ? []
        : [
            column.accessor((p) => (p.needsOneOnOne ? 1 : 0), {
              id: 'needsOneOnOne',
              header: noBreakHyphens('Needs a one-on-one'),
              cell: ({ row }) => (row.original.needsOneOnOne ? 'Yes' : 'No'),
            }),
          ]),
    ],
    [viewer, profile, teamName],
  );

  const [drawing, setDrawing] = useState(false);
  const saveImage = async () => {
    setDrawing(true);
    try {
      const day = today();
      const team = teamId === NO_TEAM ? 'No team' : teamId ? (teamName(teamId) ?? 'Team') : null;
      const ringed = matches ? ` · ringed: ${matches.size} matching “${debounced.trim()}”` : '';
      const option = mapImageOption({
        points: shown,
        viewer,
        axes: axesFor(viewer),
        teamName,
        matches,
        title: 'Champion map',
        subtitle: `${workspace.name} · ${team ?? 'All teams'} · ${shown.length} ${shown.length === 1 ? 'person' : 'people'} · ${formatDate(day)}${ringed}`,
        footer: SCORE_CAVEAT,
      });
      const { renderImage } = await import('../../components/charts/EChart');
      const name = mapImageFileName(workspace.name, team, day);
      saveUrl(name, await renderImage(option, IMAGE_SIZE));
      notifyDone(`Saved the map as ${name}.`);
    } catch (error) {
      notifyFailed('Could not draw the image', messageOf(error));
    } finally {
      setDrawing(false);
    }
  };

  const teamOptions = [
    ...(teams.data ?? []).map((t) => ({ value: t.id, label: t.name })),
    { value: NO_TEAM, label: 'No team' },
  ];

  let body;
  if (scores.isPending) body = <LoadingState label="Loading readings…" />;
  else if (scores.isError) body = <ErrorState error={scores.error} onRetry={() => void scores.refetch()} />;
  else if (all.length === 0)
    body = (
      <EmptyView
        title="No one on the map yet"
        description="Add stakeholders and log conversations with them; each person appears here with a reading."
        action={
          <Anchor component={Link} to={`/w/${workspace.id}/stakeholders`}>
            Go to stakeholders
          </Anchor>
        }
      />
    );
  else if (shown.length === 0) body = <EmptyView title="No one in this team" description="Choose another team, or all teams." />;
  else
    body = (
      <Stack gap="xs">
        {asList ? (
          <>
            <DataTable data={listed} columns={columns} caption="Stakeholders on the champion map" getRowId={(p) => p.id} minWidth={560} sortable />
            {(matches ? matched.length : shown.length) > LIST_LIMIT && (
              <Text size="xs" c="dimmed">
                Showing the first {LIST_LIMIT} by champion lower bound; search to narrow.
              </Text>
            )}
          </>
        ) : (
          <ChampionMapChart points={shown} viewer={viewer} matches={matches} focusedId={focusedId} teamName={teamName} onOpen={open} />
        )}
        <Legend viewer={viewer} counts={counts} />
      </Stack>
    );

  return (
    <Stack gap="md">
      <PageHeader
        title="Champion map"
        description={
          viewer
            ? 'Everyone placed by champion score (across) and influence (up). Bigger marks rest on more evidence; people on the same spot are spread around it.'
            : 'Everyone placed by champion minus reluctance (across) and influence (up). Bigger marks rest on more evidence; people on the same spot are spread around it.'
        }
      />
      <ScoreDisclaimer />
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label="Team"
          placeholder="All teams"
          data={teamOptions}
          value={teamId}
          onChange={(v) => setParam('team', v)}
          clearable
          w={220}
        />
        <TextInput
          label="Find people"
          description="Matches are ringed on the map and listed below it"
          placeholder="Name"
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setParam('q', e.currentTarget.value.trim() || null);
          }}
          w={240}
        />
        <Switch label="Show as a list" checked={asList} onChange={(e) => setAsList(e.currentTarget.checked)} mb={8} />
        <Button variant="default" mb={2} onClick={() => void saveImage()} loading={drawing} disabled={shown.length === 0}>
          Save as image
        </Button>
        <Text size="sm" c="dimmed" mb={8} aria-live="polite" data-testid="map-count">
          {scores.data
            ? `${shown.length} of ${all.length} people${matches ? `, ${matches.size} matching “${debounced.trim()}”` : ''}`
            : ''}
        </Text>
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card withBorder p="sm">
            {body}
          </Card>
          {matches && matched.length > 0 && !asList && (
            <Card withBorder mt="sm" component="section" aria-labelledby="matches-title">
              <Title order={2} size="h5" id="matches-title" mb={4}>
                Matches
              </Title>
              <Text size="xs" c="dimmed" mb={4}>
                Focus or point at a name to see that person’s card on the map; Enter opens the profile.
              </Text>
              <Group gap="sm">
                {matched.slice(0, MATCH_LIMIT).map((p) => (
                  <MatchLink
                    key={p.id}
                    point={p}
                    to={profile(p.id)}
                    card={cardLines(p, teamName(p.teamId))}
                    onFocusChange={(on) => setFocusedId((current) => (on ? p.id : current === p.id ? null : current))}
                  />
                ))}
                {matched.length > MATCH_LIMIT && <Text size="sm">and {matched.length - MATCH_LIMIT} more</Text>}
              </Group>
            </Card>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <TeamCoverage workspaceId={workspace.id} selected={teamId} onSelect={(id) => setParam('team', id)} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/**
 * A search match: a link to the profile that, while it has focus or the mouse, shows the
 * person's card on the map, and carries the same card as its description for screen readers.
 */
function MatchLink({ point, to, card, onFocusChange }: { point: MapPoint; to: string; card: string[]; onFocusChange: (on: boolean) => void }) {
  const id = useId();
  return (
    <>
      <Anchor
        component={Link}
        to={to}
        size="sm"
        aria-describedby={id}
        onFocus={() => onFocusChange(true)}
        onBlur={() => onFocusChange(false)}
        onMouseEnter={() => onFocusChange(true)}
        onMouseLeave={() => onFocusChange(false)}
      >
        {point.name}
      </Anchor>
      <VisuallyHidden id={id}>{card.join('. ')}.</VisuallyHidden>
    </>
  );
}

function Legend({ viewer, counts }: { viewer: boolean; counts: Map<string, number> }) {
  return (
    <Stack gap={4} component="section" aria-label="Legend">
      <Group gap="md" wrap="wrap">
        {categoriesFor(viewer).map((c) => (
          <CategoryKey key={c} category={c} count={counts.get(c) ?? 0} />
        ))}
      </Group>
      <Group gap="xs" wrap="wrap">
        <Text size="xs" c="dimmed">
          Size is confidence:
        </Text>
        {SIZE_STEPS.map((size, i) => (
          <Group key={size} gap={4} wrap="nowrap">
            <svg width={size} height={size} aria-hidden focusable="false">
              <circle cx={size / 2} cy={size / 2} r={size / 2 - 0.5} fill="#adb5bd" stroke="#495057" strokeWidth={0.6} />
            </svg>
            <Text size="xs" c="dimmed">
              {i === 0 ? 'under 25%' : i === SIZE_STEPS.length - 1 ? '75% and up' : `${i * 25}–${(i + 1) * 25}%`}
            </Text>
          </Group>
        ))}
      </Group>
    </Stack>
  );
}
