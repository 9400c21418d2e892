import { describe, expect, it } from 'vitest';
import { DEFAULT_SORT, exportHref, isFiltered, pageSizeFromParams, parseSort, scoreQuery, viewFromParams } from './scoreView';

const params = (query: string) => new URLSearchParams(query);

describe('the stakeholders table view', () => {
  it('reads the filters and sort from the URL', () => {
    const view = viewFromParams(params('q=ada&team=t1&category=hesitant&needs=no&archived=include&sort=-trust'), false);
    expect(view).toEqual({ q: 'ada', teamId: 't1', category: 'hesitant', needsOneOnOne: false, includeArchived: true, sort: '-trust' });
    expect(isFiltered(view)).toBe(true);
    expect(isFiltered(viewFromParams(params('sort=name'), false))).toBe(false);
  });

  it('drops what a viewer may not use, and anything unknown, for the defaults', () => {
    const view = viewFromParams(params('category=hesitant&needs=yes&sort=-reluctance_score'), true);
    expect(view).toMatchObject({ category: null, needsOneOnOne: null, sort: DEFAULT_SORT });
    expect(viewFromParams(params('category=other&sort=-influence'), true)).toMatchObject({ category: 'other', sort: '-influence' });
    // "other" is the viewers' collapsed category, not one a lead's list has.
    expect(viewFromParams(params('category=other'), false).category).toBeNull();
    expect(parseSort('-nonsense', false)).toBe(DEFAULT_SORT);
    expect(parseSort('needs_one_on_one', false)).toBe('needs_one_on_one');
    expect(pageSizeFromParams(params('limit=100'))).toBe(100);
    expect(pageSizeFromParams(params('limit=7'))).toBe(50);
  });

  it('asks the list and the CSV export for the same view, leaving defaults out', () => {
    const view = viewFromParams(params('q=%20O%27Neil%20&team=t1&needs=yes&sort=name'), false);
    expect(scoreQuery(view)).toEqual({ q: "O'Neil", team_id: 't1', needs_one_on_one: true, sort: 'name' });
    const href = exportHref('w 1', view);
    expect(href).toBe("/api/v1/workspaces/w%201/export/scores.csv?sort=name&q=O%27Neil&team_id=t1&needs_one_on_one=true");
    expect(scoreQuery(viewFromParams(params(''), false))).toEqual({ sort: '-champion_lower_bound' });
  });

  it('asks for the people in no team with no_team, never a team id', () => {
    const view = viewFromParams(params('team=none'), true);
    expect(view.teamId).toBe('none');
    expect(isFiltered(view)).toBe(true);
    expect(scoreQuery(view)).toEqual({ no_team: true, sort: '-champion_lower_bound' });
    expect(exportHref('w1', view)).toBe('/api/v1/workspaces/w1/export/scores.csv?sort=-champion_lower_bound&no_team=true');
  });
});
