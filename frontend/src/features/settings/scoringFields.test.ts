import { describe, expect, it } from 'vitest';
import { changedFrom, layout } from './scoringFields';

describe('scoring settings form', () => {
  it('lays out the keys the API sent, in SCORING.md order, and keeps ones it has no label for', () => {
    const groups = layout(['champion_min', 'stance_half_life_days', 'brand_new_setting']);
    expect(groups.map((g) => g.title)).toEqual(['Half-lives and priors', 'Category thresholds', 'Other']);
    expect(groups[2]?.fields).toEqual([['brand_new_setting', 'brand new setting']]);
  });

  it('sends only the values that differ from the defaults', () => {
    expect(changedFrom({ champion_min: 60, prior_mass: 2 }, { champion_min: 65, prior_mass: 2 })).toEqual({ champion_min: 60 });
  });
});
