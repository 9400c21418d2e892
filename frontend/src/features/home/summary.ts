import type { Category, ChallengeGroup, Score, TrendWeek } from '../../api/types';
import { CATEGORY_STYLES, categoriesFor } from '../scores/categories';

export interface HomeCounts {
  champions: number;
  supporters: number;
  /** Null for viewers: the API does not tell them who is hesitant or reluctant. */
  hesitantOrReluctant: number | null;
  /** Null for viewers. */
  needingOneOnOne: number | null;
  /** Viewers: everyone who is neither champion nor supporter. */
  other: number | null;
  total: number;
}

export function homeCounts(scores: Score[], viewer: boolean): HomeCounts {
  const by = (c: string) => scores.filter((s) => s.category === c).length;
  return {
    champions: by('champion'),
    supporters: by('supporter'),
    hesitantOrReluctant: viewer ? null : by('hesitant') + by('reluctant'),
    needingOneOnOne: viewer ? null : scores.filter((s) => s.needs_one_on_one).length,
    other: viewer ? by('other') : null,
    total: scores.length,
  };
}

/** Mean trust over people whose trust is known; for viewers (no trust per person) the latest week's. */
export function meanTrust(scores: Score[], weeks: TrendWeek[] | undefined): number | null {
  const known = scores.flatMap((s) => (s.trust && s.trust.level !== 'unknown' ? [s.trust.score] : []));
  if (known.length > 0) return known.reduce((a, b) => a + b, 0) / known.length;
  return weeks?.at(-1)?.mean_trust ?? null;
}

/** One-on-ones booked within the scoring window (they keep people off the list): soonest first. */
export function bookedOneOnOnes(scores: Score[]): (Score & { one_on_one_scheduled_on: string })[] {
  return scores
    .filter((s): s is Score & { one_on_one_scheduled_on: string } => Boolean(s.one_on_one_scheduled_on))
    .sort((a, b) => a.one_on_one_scheduled_on.localeCompare(b.one_on_one_scheduled_on) || a.name.localeCompare(b.name));
}

export function openConcerns(groups: ChallengeGroup[]): number {
  return groups.reduce((n, g) => n + g.open_concerns, 0);
}

/** Weekly counts per category stacked, with mean trust on its own axis. */
export function trendOption(weeks: TrendWeek[], viewer: boolean) {
  const cats: Category[] = categoriesFor(viewer);
  return {
    animation: false,
    aria: { enabled: true },
    grid: { left: 40, right: 44, top: 24, bottom: 64 },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, type: 'plain', textStyle: { color: '#343a40' } },
    xAxis: { type: 'category', data: weeks.map((w) => w.week_start), axisLabel: { color: '#495057' } },
    yAxis: [
      { type: 'value', name: 'People', nameTextStyle: { color: '#212529' }, axisLabel: { color: '#495057' }, minInterval: 1 },
      { type: 'value', name: 'Trust', min: 0, max: 100, nameTextStyle: { color: '#212529' }, axisLabel: { color: '#495057' }, splitLine: { show: false } },
    ],
    series: [
      ...cats.map((c) => ({
        name: CATEGORY_STYLES[c].label,
        type: 'line',
        stack: 'people',
        areaStyle: { opacity: 0.55 },
        symbol: CATEGORY_STYLES[c].symbol,
        symbolRotate: CATEGORY_STYLES[c].rotate ?? 0,
        symbolSize: 7,
        itemStyle: { color: CATEGORY_STYLES[c].color },
        lineStyle: { width: 1 },
        data: weeks.map((w) => w.counts[c] ?? 0),
      })),
      {
        name: 'Mean trust',
        type: 'line',
        yAxisIndex: 1,
        symbol: 'circle',
        symbolSize: 5,
        itemStyle: { color: '#1f1f1f' },
        lineStyle: { type: 'dashed', width: 2 },
        data: weeks.map((w) => w.mean_trust),
      },
    ],
  };
}
