import { describe, expect, it } from 'vitest';
import type { Concern } from '../../api/types';
import { canCloseLoop, challengeKey, challengeOptions, COLUMN_PAGE, concernsExportHref, DONE_SHOWN, dropTarget, groupByStatus, moveRequest, visibleCards, whatTheyHear } from './board';

const concern = (over: Partial<Concern> = {}): Concern => ({
  id: 'c1',
  workspace_id: 'w1',
  stakeholder_id: 's1',
  conversation_id: null,
  raised_at: '2026-10-01T09:00:00Z',
  text: 'Night cover is too thin',
  severity: 2,
  cfir_domain: 'inner_setting',
  cfir_construct: 'available_resources',
  status: 'open',
  status_changed_at: '2026-10-01T09:00:00Z',
  resolution_note: '',
  loop_closed_on: null,
  status_history: [],
  created_at: '2026-10-01T09:00:00Z',
  updated_at: '2026-10-01T09:00:00Z',
  ...over,
});

describe('the concerns board', () => {
  const people = new Map([
    ['s1', { name: 'Sam Lee', teamId: 't1' }],
    ['s2', { name: 'Ada Obi', teamId: 't2' }],
  ]);
  const list = [
    concern({ id: 'a', severity: 1 }),
    concern({ id: 'b', severity: 3, raised_at: '2026-10-05T00:00:00Z' }),
    concern({ id: 'c', severity: 3, raised_at: '2026-09-01T00:00:00Z', stakeholder_id: 's2', text: 'Order set is clumsy' }),
    concern({ id: 'd', status: 'resolved' }),
  ];

  it('puts each concern in its status column, most severe and longest waiting first', () => {
    const cols = groupByStatus(list, people, { search: '', teamId: null });
    expect(cols.open.map((c) => c.id)).toEqual(['c', 'b', 'a']);
    expect(cols.resolved.map((c) => c.id)).toEqual(['d']);
    expect(cols.being_addressed).toEqual([]);
    expect(cols.dismissed).toEqual([]);
  });

  it('puts the dealt-with concerns whose loop is still to close first, then the latest dealt with', () => {
    const done = [
      concern({ id: 'r1', status: 'resolved', severity: 3, status_changed_at: '2026-08-01T00:00:00Z', loop_closed_on: '2026-08-02' }),
      concern({ id: 'r2', status: 'resolved', severity: 1, status_changed_at: '2026-11-01T00:00:00Z', loop_closed_on: '2026-11-02' }),
      concern({ id: 'r3', status: 'resolved', severity: 1, status_changed_at: '2026-07-01T00:00:00Z' }),
      concern({ id: 'd1', status: 'dismissed', status_changed_at: '2026-09-01T00:00:00Z', loop_closed_on: '2026-09-01' }),
      concern({ id: 'd2', status: 'dismissed', status_changed_at: '2026-06-01T00:00:00Z' }),
    ];
    const cols = groupByStatus(done, people, { search: '', teamId: null });
    expect(cols.resolved.map((c) => c.id)).toEqual(['r3', 'r2', 'r1']);
    expect(cols.dismissed.map((c) => c.id)).toEqual(['d2', 'd1']);
  });

  it('shows a long resolved column’s loops to close and its latest few, and every open concern', () => {
    const closed = Array.from({ length: DONE_SHOWN + 3 }, (_, i) =>
      concern({ id: `k${i}`, status: 'resolved', status_changed_at: `2026-10-${String(10 + i).padStart(2, '0')}T00:00:00Z`, loop_closed_on: '2026-11-01' }),
    );
    const toClose = [concern({ id: 't1', status: 'resolved', status_changed_at: '2026-01-01T00:00:00Z' })];
    const resolved = groupByStatus([...closed, ...toClose], people, { search: '', teamId: null }).resolved;
    const { shown, hidden, expanded } = visibleCards('resolved', resolved);
    expect(shown.map((c) => c.id)).toEqual(['t1', 'k7', 'k6', 'k5', 'k4', 'k3']);
    expect([hidden, expanded]).toEqual([3, false]);
    expect(visibleCards('resolved', resolved, { limit: 6 + COLUMN_PAGE })).toEqual({ shown: resolved, hidden: 0, expanded: true });
    // While searching, a resolved column shows its first page of matches like any other.
    expect(visibleCards('resolved', resolved, { searching: true })).toEqual({ shown: resolved, hidden: 0, expanded: false });
    const open = Array.from({ length: 12 }, (_, i) => concern({ id: `o${i}` }));
    expect(visibleCards('open', open)).toEqual({ shown: open, hidden: 0, expanded: false });
  });

  it('draws at most a page of cards a column until asked for more', () => {
    const open = Array.from({ length: 2 * COLUMN_PAGE + 20 }, (_, i) => concern({ id: `o${i}` }));
    const first = visibleCards('open', open);
    expect(first.shown).toEqual(open.slice(0, COLUMN_PAGE));
    expect([first.hidden, first.expanded]).toEqual([COLUMN_PAGE + 20, false]);
    const more = visibleCards('being_addressed', open, { limit: 2 * COLUMN_PAGE });
    expect(more.shown).toEqual(open.slice(0, 2 * COLUMN_PAGE));
    expect([more.hidden, more.expanded]).toEqual([20, true]);
    // Loops still to close are shown first, but no more than a page of them either.
    const untold = Array.from({ length: COLUMN_PAGE + 10 }, (_, i) =>
      concern({ id: `u${i}`, status: 'dismissed', status_changed_at: `2026-10-01T00:${String(i).padStart(2, '0')}:00Z` }),
    );
    const dismissed = groupByStatus(untold, people, { search: '', teamId: null }).dismissed;
    const done = visibleCards('dismissed', dismissed);
    expect(done.shown).toEqual(dismissed.slice(0, COLUMN_PAGE));
    expect(done.hidden).toBe(10);
  });

  it('filters by team and by a search of person or text', () => {
    expect(groupByStatus(list, people, { search: '', teamId: 't2' }).open.map((c) => c.id)).toEqual(['c']);
    expect(groupByStatus(list, people, { search: 'ada', teamId: null }).open.map((c) => c.id)).toEqual(['c']);
    expect(groupByStatus(list, people, { search: 'NIGHT', teamId: null }).open.map((c) => c.id)).toEqual(['b', 'a']);
  });

  it('searches ignoring accents in the person or the text, as the API does', () => {
    const accented = new Map([['s3', { name: 'Zoë Ångström', teamId: null }]]);
    const cafe = [
      concern({ id: 'x', stakeholder_id: 's3', text: 'Audit forms' }),
      concern({ id: 'y', stakeholder_id: 's1', text: 'Le café ferme à 18h' }),
    ];
    const open = (search: string) => groupByStatus(cafe, accented, { search, teamId: null }).open.map((c) => c.id);
    expect(open('angstrom')).toEqual(['x']);
    expect(open('ZOË')).toEqual(['x']);
    expect(open('cafe')).toEqual(['y']);
    expect(open('FERME A')).toEqual(['y']);
  });

  it('filters by challenge: one CFIR domain and construct, or concerns that name none', () => {
    const more = [
      ...list,
      concern({ id: 'e', cfir_domain: 'innovation', cfir_construct: 'innovation_complexity' }),
      concern({ id: 'f', cfir_domain: 'innovation', cfir_construct: null }),
      concern({ id: 'g', cfir_domain: null, cfir_construct: null }),
    ];
    const open = (challenge: string | null) => groupByStatus(more, people, { search: '', teamId: null, challenge }).open.map((c) => c.id);
    expect(open('innovation:innovation_complexity')).toEqual(['e']);
    expect(open('innovation:')).toEqual(['f']);
    expect(open(':')).toEqual(['g']);
    expect(open(null)).toEqual(['c', 'b', 'e', 'f', 'g', 'a']);
    expect(challengeKey('inner_setting', 'available_resources')).toBe('inner_setting:available_resources');
    // The one in the URL stays offered though no concern names it now.
    expect(challengeOptions(more, 'outer_setting:partnerships_and_connections')).toEqual([
      { value: 'inner_setting:available_resources', label: 'Available Resources (Inner setting)' },
      { value: 'innovation:innovation_complexity', label: 'Innovation Complexity (Innovation)' },
      { value: 'innovation:', label: 'Innovation, construct not given' },
      { value: ':', label: 'No CFIR domain' },
      { value: 'outer_setting:partnerships_and_connections', label: 'Partnerships & Connections (Outer setting)' },
    ]);
  });

  it("exports with the board's team and challenge, in the API's terms", () => {
    const href = (team: string | null, challenge: string | null) => concernsExportHref('w 1', team, challenge);
    expect(href(null, null)).toBe('/api/v1/workspaces/w%201/export/concerns.csv');
    expect(href('t1', 'innovation:innovation_complexity')).toBe(
      '/api/v1/workspaces/w%201/export/concerns.csv?team_id=t1&cfir_domain=innovation&cfir_construct=innovation_complexity',
    );
    expect(href(null, 'innovation:')).toBe('/api/v1/workspaces/w%201/export/concerns.csv?cfir_domain=innovation&cfir_construct=none');
    expect(href(null, ':')).toBe('/api/v1/workspaces/w%201/export/concerns.csv?cfir_domain=none');
    // The search goes too, trimmed, and a blank one not at all.
    expect(concernsExportHref('w1', 't1', null, '  night & day ')).toBe('/api/v1/workspaces/w1/export/concerns.csv?team_id=t1&q=night+%26+day');
    expect(concernsExportHref('w1', null, null, '   ')).toBe('/api/v1/workspaces/w1/export/concerns.csv');
  });

  it('resolves with a note, and closes the loop when they were told', () => {
    expect(moveRequest(concern(), 'resolved', { note: ' Extra nurse on nights ', toldThem: true, on: '2026-11-26' })).toEqual({
      status: 'resolved',
      resolution_note: 'Extra nurse on nights',
      loop_closed_on: '2026-11-26',
    });
    expect(moveRequest(concern(), 'being_addressed')).toEqual({ status: 'being_addressed' });
  });

  it('reopening clears “we told them what changed”, as the API requires', () => {
    const closed = concern({ status: 'resolved', loop_closed_on: '2026-11-01' });
    expect(moveRequest(closed, 'open')).toEqual({ status: 'open', loop_closed_on: null });
    expect(canCloseLoop(closed)).toBe(false);
    expect(canCloseLoop(concern({ status: 'dismissed' }))).toBe(true);
    expect(canCloseLoop(concern())).toBe(false);
  });

  it('tells them what changed when resolved, and why when dismissed', () => {
    expect(whatTheyHear('resolved')).toBe('what changed');
    expect(whatTheyHear('dismissed')).toBe('why');
  });
});

describe('dropTarget', () => {
  it('moves a card dropped on another column there', () => {
    expect(dropTarget(concern(), 'being_addressed')).toBe('being_addressed');
    expect(dropTarget(concern({ status: 'resolved' }), 'open')).toBe('open');
  });

  it('leaves a card dropped on its own column, outside the board or on something else', () => {
    expect(dropTarget(concern(), 'open')).toBeNull();
    expect(dropTarget(concern(), null)).toBeNull();
    expect(dropTarget(concern(), 'c2')).toBeNull();
  });
});
