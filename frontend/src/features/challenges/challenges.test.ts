import { describe, expect, it } from 'vitest';
import type { ChallengeGroup } from '../../api/types';
import { CHART_SHOWN, challengeName, DOMAIN_COLORS, weightChart } from './challenges';

const group = (over: Partial<ChallengeGroup>): ChallengeGroup =>
  ({
    cfir_domain: 'inner_setting', cfir_construct: 'available_resources', open_concerns: 1, stakeholders: 1, stakeholder_ids: ['s1'],
    weight: 3, strategy_hints: [], ...over,
  }) as ChallengeGroup;

type Bar = { value: number; name: string; itemStyle: { color: string } };
const bars = (option: object) => (option as { series: { data: Bar[] }[] }).series[0]!.data;

describe('the challenges weight chart', () => {
  it('draws the heaviest first, coloured by domain, with the focus named', () => {
    const groups = [
      group({ weight: 4 }),
      group({ cfir_domain: 'innovation', cfir_construct: 'innovation_complexity', weight: 15.44, open_concerns: 6, stakeholders: 6 }),
      group({ cfir_domain: 'individuals', cfir_construct: null, weight: 8.4 }),
      group({ cfir_domain: null, cfir_construct: null, weight: 1 }),
    ];
    const { option, shown, names } = weightChart(groups, { cfir_domain: 'innovation', cfir_construct: 'innovation_complexity' });
    expect(names).toEqual(['Innovation Complexity (our focus)', 'Individuals (no construct)', 'Available Resources', 'No CFIR domain']);
    expect(shown.map((g) => g.weight)).toEqual([15.44, 8.4, 4, 1]);
    expect(bars(option).map((b) => [b.value, b.itemStyle.color])).toEqual([
      [15.4, DOMAIN_COLORS.innovation],
      [8.4, DOMAIN_COLORS.individuals],
      [4, DOMAIN_COLORS.inner_setting],
      [1, '#999999'],
    ]);
    expect((option as { yAxis: { data: string[] } }).yAxis.data).toEqual(names);
  });

  it(`shows at most ${CHART_SHOWN}, the heaviest`, () => {
    const groups = Array.from({ length: CHART_SHOWN + 2 }, (_, i) => group({ cfir_construct: `c${i}`, weight: i + 1 }));
    const { shown } = weightChart(groups, null);
    expect(shown.map((g) => g.weight)).toEqual([10, 9, 8, 7, 6, 5, 4, 3]);
  });

  it('names a challenge by its construct, else its domain', () => {
    expect(challengeName(group({}))).toBe('Available Resources');
    expect(challengeName(group({ cfir_construct: null }))).toBe('Inner setting (no construct)');
  });
});
