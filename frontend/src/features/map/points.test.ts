import { describe, expect, it } from 'vitest';
import type { Score } from '../../api/types';
import { score } from '../../test/scores';
import { CATEGORY_STYLES } from '../scores/categories';
import { mapLabel, mapOption, matchTip, searchOverlay } from './chartOption';
import {
  axesFor,
  cardLines,
  collapse,
  drawnAt,
  filterPoints,
  groupSeries,
  hoverCard,
  matchingIds,
  NO_TEAM,
  sizeStep,
  SIZE_STEPS,
  toMapPoint,
  type MapPoint,
} from './points';

const viewerScore = (over: Partial<Score> = {}) =>
  score({ reluctance_score: null, trust: null, needs_one_on_one: null, reasons: null, suggestions: null, ...over });

describe('toMapPoint', () => {
  it('places a lead’s point at champion − reluctance, influence up, sized by confidence', () => {
    const p = toMapPoint(score(), false);
    expect(p.x).toBeCloseTo(64.8, 5);
    expect(p.y).toBe(1.5);
    expect(p.size).toBe(SIZE_STEPS[2]);
    expect(p.category).toBe('champion');
    expect(p.reluctance).toBe(4.1);
  });

  it('uses the champion score alone for viewers, with no reluctance and collapsed categories', () => {
    const p = toMapPoint(viewerScore({ category: 'hesitant', champion_score: 20 }), true);
    expect(p.x).toBe(20);
    expect(p.reluctance).toBeNull();
    expect(p.needsOneOnOne).toBeNull();
    expect(p.category).toBe('other');
    expect(toMapPoint(viewerScore({ category: 'supporter' }), true).category).toBe('supporter');
  });

  it('never leaves the −100..100 range', () => {
    expect(toMapPoint(score({ champion_score: 0, reluctance_score: 100.4 }), false).x).toBe(-100);
  });

  it('steps size by confidence quarters', () => {
    expect([0, 0.24, 0.25, 0.5, 0.74, 0.75, 1, 1.2, NaN].map(sizeStep)).toEqual([0, 0, 1, 2, 2, 3, 3, 3, 0]);
  });

  it('collapses everything but champion and supporter to other', () => {
    expect((['champion', 'supporter', 'neutral', 'ambivalent', 'hesitant', 'reluctant', 'unknown'] as const).map(collapse)).toEqual([
      'champion',
      'supporter',
      'other',
      'other',
      'other',
      'other',
      'other',
    ]);
  });
});

describe('map series', () => {
  const pts = [
    toMapPoint(score({ stakeholder_id: 'a', category: 'champion', confidence: 0.9 }), false),
    toMapPoint(score({ stakeholder_id: 'b', category: 'reluctant', confidence: 0.9, team_id: null, name: 'Ben Okafor' }), false),
    toMapPoint(score({ stakeholder_id: 'c', category: 'reluctant', confidence: 0.1, name: 'Bea Núñez' }), false),
  ];

  it('groups points by category and size, each with its colour and shape', () => {
    const series = groupSeries(pts, false);
    expect(series.map((s) => s.id)).toEqual(['champion:15', 'reluctant:6', 'reluctant:15']);
    const option = mapOption({ points: pts, viewer: false, axes: axesFor(false), teamName: () => null });
    const reluctant = option.series.find((s) => (s as { id: string }).id === 'reluctant:15') as Record<string, unknown>;
    expect(reluctant).toMatchObject({ type: 'scatter', large: true, symbol: CATEGORY_STYLES.reluctant.symbol, symbolSize: 15 });
    expect((reluctant.itemStyle as { color: string }).color).toBe(CATEGORY_STYLES.reluctant.color);
    // The three share one spot, so each is drawn where `drawnAt` spread it.
    const at = drawnAt(pts, axesFor(false));
    expect(reluctant.data).toEqual([[at[1]![0], at[1]![1], 1]]);
    // Every category has a shape of its own, so colour is never the only cue.
    const shapes = ['champion', 'supporter', 'neutral', 'ambivalent', 'hesitant', 'reluctant', 'unknown'].map(
      (c) => `${CATEGORY_STYLES[c as keyof typeof CATEGORY_STYLES].symbol}@${CATEGORY_STYLES[c as keyof typeof CATEGORY_STYLES].rotate ?? 0}`,
    );
    // Large mode never finishes drawing an SVG path symbol (ECharts 6.1): built-ins only.
    expect(shapes.filter((s) => s.startsWith('path://'))).toEqual([]);
    expect(new Set(shapes).size).toBe(7);
  });

  it('filters by team, with a choice for people in no team', () => {
    expect(filterPoints(pts, 't1').map((p) => p.id)).toEqual(['a', 'c']);
    expect(filterPoints(pts, NO_TEAM).map((p) => p.id)).toEqual(['b']);
    expect(filterPoints(pts, null)).toHaveLength(3);
  });

  it('finds names regardless of case and accents, and rings the matches', () => {
    expect(matchingIds(pts, '  ')).toBeNull();
    const found = matchingIds(pts, 'nunez');
    expect([...(found ?? [])]).toEqual(['c']);
    const overlay = searchOverlay(pts, false, found);
    const at = drawnAt(pts, axesFor(false));
    expect(overlay.series.at(-1)).toEqual({ id: 'matches', data: [[at[2]![0], at[2]![1], 2]] });
    expect(overlay.series[0]).toMatchObject({ itemStyle: { opacity: 0.2 } });
  });

  it('points the keyboard’s card at a match in the ring series, the option’s last', () => {
    const option = mapOption({ points: pts, viewer: false, axes: axesFor(false), teamName: () => null });
    const last = option.series.length - 1;
    expect(option.series[last]).toMatchObject({ id: 'matches' });
    expect((option.series[last] as { large?: boolean }).large).toBeUndefined(); // drawn item by item, so showTip finds it
    const found = matchingIds(pts, 'be'); // Ben Okafor, Bea Núñez
    expect(matchTip(option, pts, found, 'c')).toEqual({ seriesIndex: last, dataIndex: 1 });
    expect(matchTip(option, pts, found, 'b')).toEqual({ seriesIndex: last, dataIndex: 0 });
    expect(matchTip(option, pts, found, 'a')).toBeNull();
    expect(matchTip(option, pts, null, 'b')).toBeNull();
    // Screen readers get our description, not ECharts' list of raw values.
    expect(option.aria.label.description).toBe(mapLabel(3, axesFor(false)));
  });

  it('labels the quadrants and the axis by role', () => {
    expect(axesFor(false)).toMatchObject({ xMin: -100, xSplit: 0 });
    expect(axesFor(true)).toMatchObject({ xMin: 0, xSplit: 50, xName: 'Champion score' });
  });
});

describe('drawnAt: people on the same spot', () => {
  const axes = axesFor(false);
  const cellX = 200 * 0.012;
  const cellY = 0.02;
  const at = (x: number, y: number, id: string): MapPoint => ({ ...toMapPoint(score({ stakeholder_id: id }), false), x, y });

  it('leaves a person alone where they are', () => {
    const pts = [at(30, 1.2, 'a'), at(-40, 1.7, 'b')];
    expect(drawnAt(pts, axes)).toEqual([
      [30, 1.2],
      [-40, 1.7],
    ]);
  });

  it('spreads a crowd around its spot, each visible, the same way every time', () => {
    const pts = Array.from({ length: 15 }, (_, i) => at(48, 1.0, `s${i}`));
    const drawn = drawnAt(pts, axes);
    expect(new Set(drawn.map(([x, y]) => `${x.toFixed(3)},${y.toFixed(4)}`)).size).toBe(15);
    const reach = Math.sqrt(15) * 0.9;
    for (const [x, y] of drawn) {
      expect(Math.abs(x - 48)).toBeLessThanOrEqual(reach * cellX + 1e-9);
      expect(y).toBeGreaterThanOrEqual(0.92);
      expect(Math.abs(y - 1.0)).toBeLessThanOrEqual(reach * cellY + 1e-9);
    }
    expect(drawnAt([...pts], axes)).toEqual(drawn);
  });

  it('never carries anyone across a divider', () => {
    const pts = [...Array.from({ length: 8 }, (_, i) => at(0.5, 1.5, `r${i}`)), ...Array.from({ length: 8 }, (_, i) => at(-0.5, 1.49, `l${i}`))];
    const drawn = drawnAt(pts, axes);
    drawn.forEach(([x, y], i) => {
      const p = pts[i]!;
      expect(x >= 0).toBe(p.x >= 0);
      expect(y >= 1.5).toBe(p.y >= 1.5);
    });
  });

  it('keeps a dense map’s shape: the spread is bounded however big the crowd', () => {
    const pts = Array.from({ length: 10_000 }, (_, i) => at(-60, 1.3, `d${i}`));
    const drawn = drawnAt(pts, axes);
    const widest = Math.max(...drawn.map(([x]) => Math.abs(x + 60)));
    expect(widest).toBeLessThanOrEqual(5 * 0.9 * cellX + 1e-9);
    expect(widest).toBeGreaterThan(3 * cellX);
  });
});

describe('hoverCard', () => {
  it('says in text what it shows on the map', () => {
    const p = toMapPoint(score({ needs_one_on_one: true, influence_is_manual: true }), false);
    expect(cardLines(p, 'Ward 4')).toEqual([
      'Ward 4',
      'Champion (diamond)',
      'Champion 68.9 (80%: 55.2–81.3)',
      'Reluctance 4.1',
      'Confidence 74% · Influence 1.50 (manual)',
      'Needs a one-on-one',
    ]);
    expect(hoverCard(p, 'Ward 4')).toBe(['<strong>Dr Ada Obi</strong>', ...cardLines(p, 'Ward 4'), '<em>Click to open the profile</em>'].join('<br/>'));
  });

  it('escapes names and shows reluctance to leads only', () => {
    const lead = hoverCard(toMapPoint(score({ name: '<img src=x onerror=alert(1)>' }), false), 'Ward 4');
    expect(lead).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(lead).not.toContain('<img');
    expect(lead).toContain('Reluctance 4.1');
    const viewer = hoverCard(toMapPoint(viewerScore(), true), null);
    expect(viewer).not.toMatch(/Reluctance/);
    expect(viewer).toContain('No team');
  });
});
