import { Card, Group, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import type { TeamInsight } from '../../api/types';
import { ErrorState, LoadingState } from '../../components/states';
import { points as fmt } from '../scores/categories';
import { useTeamInsights } from '../scores/api';
import { NO_TEAM } from './points';
import { LightBadge } from '../scores/CategoryBadge';

/** Per team: people, champions, and a flag where a team has people but no champion yet. */
export function TeamCoverage({
  workspaceId,
  selected,
  onSelect,
}: {
  workspaceId: string;
  selected: string | null;
  onSelect: (teamId: string | null) => void;
}) {
  const insights = useTeamInsights(workspaceId);
  return (
    <Card withBorder component="section" aria-labelledby="coverage-title">
      <Title order={2} size="h4" id="coverage-title" mb={4}>
        Team coverage
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        A team with people but no champion has a champion gap. Choose a team to show it alone on the map.
      </Text>
      {insights.isPending ? (
        <LoadingState label="Loading teams…" />
      ) : insights.isError ? (
        <ErrorState error={insights.error} onRetry={() => void insights.refetch()} />
      ) : insights.data.length === 0 ? (
        <Text size="sm">No teams yet.</Text>
      ) : (
        <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {sortByGap(insights.data).map((t) => {
            const id = t.team_id ?? NO_TEAM;
            const active = selected === id;
            return (
              <li key={id}>
                <UnstyledButton
                  onClick={() => onSelect(active ? null : id)}
                  aria-pressed={active}
                  w="100%"
                  p={6}
                  style={{
                    borderRadius: 'var(--mantine-radius-sm)',
                    background: active ? 'var(--mantine-color-indigo-0)' : undefined,
                    outlineOffset: 2,
                  }}
                >
                  <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                    {/* Whole, on two lines if need be: the team with the gap is the one to read. */}
                    <Text size="sm" fw={500} lineClamp={2} title={t.name}>
                      {t.name}
                    </Text>
                    {t.champion_gap ? (
                      <LightBadge color="red" size="sm" style={{ flex: 'none' }}>
                        Champion gap
                      </LightBadge>
                    ) : (
                      <LightBadge color="teal" size="sm" style={{ flex: 'none' }}>
                        {t.champions.length} champion{t.champions.length === 1 ? '' : 's'}
                      </LightBadge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t.stakeholders} people · mean trust {fmt(t.mean_trust, 0)}
                    {t.needing_one_on_one !== null && ` · ${t.needing_one_on_one} need a one-on-one`}
                  </Text>
                </UnstyledButton>
              </li>
            );
          })}
        </Stack>
      )}
    </Card>
  );
}

/** Gaps first, then fewest champions per person: where to look for a champion next. */
export function sortByGap(teams: TeamInsight[]): TeamInsight[] {
  const ratio = (t: TeamInsight) => (t.stakeholders ? t.champions.length / t.stakeholders : 1);
  return [...teams].sort(
    (a, b) => Number(b.champion_gap) - Number(a.champion_gap) || ratio(a) - ratio(b) || a.name.localeCompare(b.name),
  );
}
