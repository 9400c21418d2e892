import { describe, expect, it } from 'vitest';
import type { Score } from '../../api/types';
import { score } from '../../test/scores';
import { mapImageFileName, mapImageOption, mapOption } from './chartOption';
import { axesFor, toMapPoint } from './points';

const teamName = () => 'Ward 4';
const people = (viewer: boolean, over: Partial<Score>[]) =>
  over.map((o, i) => toMapPoint(score({ stakeholder_id: `s${i}`, name: `Person ${i}`, ...o }), viewer));

type ImageOption = ReturnType<typeof mapImageOption>;
type Drawn = { id: string; itemStyle: { opacity?: number }; data: unknown[]; progressive: number; silent: boolean };
const seriesOf = (option: ImageOption) => option.series as unknown as Drawn[];
const legendOf = (option: ImageOption) => option.legend.data.map((d) => option.legend.formatter(d.name));

describe('mapImageOption', () => {
  const lead = people(false, [{ category: 'champion' }, { category: 'champion' }, { category: 'hesitant', champion_score: 20, reluctance_score: 50 }]);
  const input = { points: lead, viewer: false, axes: axesFor(false), teamName, matches: null, title: 'Champion map', subtitle: 'Ward 4 · 3 people', footer: 'Caveat' };

  it('titles the picture, counts every category in the legend and writes the caveat under it', () => {
    const option = mapImageOption(input);
    expect(option.title).toMatchObject({ text: 'Champion map', subtext: 'Ward 4 · 3 people' });
    expect(legendOf(option)).toEqual(['Champion 2', 'Supporter 0', 'Neutral 0', 'Ambivalent 0', 'Hesitant 1', 'Reluctant 0', 'Unknown 0']);
    // The downward triangle is drawn as a path: legend icons do not rotate.
    expect(option.legend.data.find((d) => d.name === 'Hesitant')?.icon).toMatch(/^path:\/\//);
    expect(option.legend.selectedMode).toBe(false);
    expect(option.graphic.at(-1)).toMatchObject({ type: 'text', style: { text: 'Caveat' } });
    expect(option.backgroundColor).toBe('#ffffff');
  });

  it('draws every point in one pass, with room for the title and legend around the plot', () => {
    const option = mapImageOption(input);
    const onScreen = mapOption(input);
    expect(seriesOf(option).map((s) => s.id)).toEqual((onScreen.series as { id: string }[]).map((s) => s.id));
    expect(seriesOf(option).every((s) => s.progressive === 0 && s.silent)).toBe(true);
    expect(option.grid.top).toBeGreaterThan(onScreen.grid.top);
    expect(option.grid.bottom).toBeGreaterThan(onScreen.grid.bottom);
    // The quadrant notes sit inside the moved plot.
    expect(option.graphic[0]).toMatchObject({ top: option.grid.top + 6, left: option.grid.left + 8 });
    expect(option.tooltip).toEqual({ show: false });
    expect(option.aria).toEqual({ enabled: false });
  });

  it('rings a search’s matches and fades the rest, as the page shows them', () => {
    const option = mapImageOption({ ...input, matches: new Set(['s2']) });
    const matches = seriesOf(option).find((s) => s.id === 'matches')!;
    expect(matches.data).toHaveLength(1);
    expect(seriesOf(option).filter((s) => s.id !== 'matches').every((s) => s.itemStyle.opacity === 0.2)).toBe(true);
    const plain = mapImageOption(input);
    expect(seriesOf(plain).find((s) => s.id === 'matches')!.data).toEqual([]);
  });

  it('shows viewers their three categories only', () => {
    const viewers = people(true, [{ category: 'champion', reluctance_score: null }, { category: 'hesitant', reluctance_score: null }]);
    const option = mapImageOption({ ...input, points: viewers, viewer: true, axes: axesFor(true) });
    expect(legendOf(option)).toEqual(['Champion 1', 'Supporter 0', 'Other 1']);
  });
});

describe('mapImageFileName', () => {
  it('names the workspace, the team and the day in plain letters', () => {
    expect(mapImageFileName('Sepsis bundle rollout (demo)', null, '2026-11-27')).toBe('champion-map-sepsis-bundle-rollout-demo-2026-11-27.png');
    expect(mapImageFileName('Zoë’s Ward', 'Łódź ICU / nights', '2026-11-27')).toBe('champion-map-zoe-s-ward-lodz-icu-nights-2026-11-27.png');
  });
});
