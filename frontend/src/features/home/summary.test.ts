import { describe, expect, it } from 'vitest';
import { score } from '../../test/scores';
import { bookedOneOnOnes, homeCounts, meanTrust, openConcerns, trendOption } from './summary';

describe('home counts', () => {
  const lead = [
    score({ category: 'champion' }),
    score({ category: 'supporter', needs_one_on_one: true }),
    score({ category: 'hesitant', needs_one_on_one: true, trust: { level: 'low', score: 30, authenticity: 30, competence: 30, empathy: 30, wobble: [] } }),
    score({ category: 'reluctant', trust: { level: 'unknown', score: 50, authenticity: 50, competence: 50, empathy: 50, wobble: [] } }),
  ];

  it('counts categories, hesitant plus reluctant, and who needs a one-on-one', () => {
    expect(homeCounts(lead, false)).toEqual({ champions: 1, supporters: 1, hesitantOrReluctant: 2, needingOneOnOne: 2, other: null, total: 4 });
  });

  it('averages trust over people whose trust is known', () => {
    expect(meanTrust(lead, undefined)).toBeCloseTo((66 + 66 + 30) / 3, 5);
  });

  it('gives viewers only what the API gives them', () => {
    const viewer = [score({ category: 'other', trust: null, needs_one_on_one: null, reluctance_score: null }), score({ category: 'champion', trust: null })];
    expect(homeCounts(viewer, true)).toMatchObject({ hesitantOrReluctant: null, needingOneOnOne: null, other: 1, champions: 1 });
    expect(meanTrust(viewer, [{ week_start: '2026-11-23', counts: {}, mean_trust: 61.2 }])).toBe(61.2);
    expect(meanTrust(viewer, [])).toBeNull();
  });

  it('adds up open concerns across challenges, and charts each category with its own shape', () => {
    expect(openConcerns([{ cfir_domain: null, cfir_construct: null, open_concerns: 2, stakeholders: 1, stakeholder_ids: null, weight: 1, strategy_hints: [] }])).toBe(2);
    const option = trendOption([{ week_start: '2026-11-23', counts: { champion: 3, other: 2 }, mean_trust: 60 }], true);
    expect(option.series.map((s) => s.name)).toEqual(['Champion', 'Supporter', 'Other', 'Mean trust']);
    expect(option.series.map((s) => s.data[0])).toEqual([3, 0, 2, 60]);
  });
});

describe('booked one-on-ones', () => {
  it('lists the people with one booked, soonest first, then by name', () => {
    const booked = bookedOneOnOnes([
      score({ name: 'Zoe', one_on_one_scheduled_on: '2026-12-01' }),
      score({ name: 'Ben', one_on_one_scheduled_on: null }),
      score({ name: 'Mo', one_on_one_scheduled_on: '2026-11-29' }),
      score({ name: 'Ada', one_on_one_scheduled_on: '2026-12-01' }),
    ]);
    expect(booked.map((s) => [s.name, s.one_on_one_scheduled_on])).toEqual([
      ['Mo', '2026-11-29'],
      ['Ada', '2026-12-01'],
      ['Zoe', '2026-12-01'],
    ]);
  });
});
