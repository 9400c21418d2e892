import { describe as group, expect, it } from 'vitest';
import type { ActivityEvent } from '../../api/types';
import { byDay, dayHeading, describe, type Names } from './describe';

const names: Names = {
  person: (id) => ({ s1: 'Sam Lee', s2: 'Ada Obi' })[id],
  member: (id) => ({ u1: 'Alex Morgan' })[id],
};

let seq = 0;
function event(type: string, payload: Record<string, unknown>, actor: { user_id?: string | null; token_id?: string | null } = { user_id: 'u1' }): ActivityEvent {
  seq += 1;
  return {
    seq,
    id: `e${seq}`,
    workspace_id: 'w1',
    type,
    resource_type: type.split('.')[0] ?? '',
    resource_id: String(payload.id ?? 'r1'),
    actor: { user_id: actor.user_id ?? null, token_id: actor.token_id ?? null },
    occurred_at: '2026-11-27T09:30:00Z',
    payload,
  };
}

group('describe', () => {
  it('says who logged what about whom, with the gist', () => {
    expect(describe(event('conversation.created', { id: 'c1', stakeholder_id: 's1', summary: 'Open to trying it on nights' }), names)).toEqual({
      who: 'Alex Morgan',
      what: 'logged a one-on-one with',
      about: { id: 's1', name: 'Sam Lee' },
      detail: 'Open to trying it on nights',
    });
    expect(describe(event('concern.created', { stakeholder_id: 's2', text: 'Night cover is\n too thin' }), names)).toMatchObject({
      what: 'recorded a concern raised by',
      about: { name: 'Ada Obi' },
      detail: 'Night cover is too thin',
    });
    expect(describe(event('acknowledgement.created', { stakeholder_id: 's1', area: 'QI: run charts' }), names).detail).toBe('QI: run charts');
    expect(describe(event('commitment.created', { stakeholder_id: 's1', owner: 'team', description: 'Share the audit' }), names).what).toBe(
      'recorded a promise we made to',
    );
    expect(describe(event('signal.created', { stakeholder_id: 's1', kind: 'quick_win', note: '' }), names)).toMatchObject({
      what: 'recorded a signal (quick win shared) about',
      detail: null,
    });
  });

  it('says where a concern stands after a move, and whether they were told', () => {
    const moved = describe(event('concern.updated', { stakeholder_id: 's1', text: 'Too thin', status: 'resolved', loop_closed_on: '2026-11-27' }), names);
    expect(moved.what).toBe('updated a concern (resolved, and they have been told) raised by');
  });

  it('tells a category change about the person, for a second look at the map', () => {
    const line = describe(event('stakeholder.category_changed', { stakeholder_id: 's2', old: 'neutral', new: 'hesitant', as_of: '' }), names);
    expect(line).toMatchObject({ about: { id: 's2', name: 'Ada Obi' }, what: 'is now hesitant (was neutral)', category: { old: 'Neutral', new: 'Hesitant' } });
  });

  it('names API tokens, former members and the service itself', () => {
    expect(describe(event('stakeholder.created', { id: 's9', name: 'New Person' }, { token_id: 't1' }), names)).toMatchObject({
      who: 'An API token',
      what: 'added',
      about: { id: 's9', name: 'New Person' },
    });
    expect(describe(event('team.created', { name: 'Ward 4' }, { user_id: 'gone' }), names).who).toBe('A former member');
    expect(describe(event('readings.recomputed', { category_changes: 3 }, {}), names)).toMatchObject({ who: 'Rapport', what: 'recomputed every score (3 categories changed)' });
  });

  it('says a record was deleted, about no one (a tombstone names no person)', () => {
    expect(describe(event('concern.deleted', { id: 'k1', deleted: true }), names)).toEqual({ who: 'Alex Morgan', what: 'deleted a concern', about: null, detail: null });
  });

  it('shortens a long detail and falls back for types it does not know', () => {
    const long = describe(event('conversation.created', { stakeholder_id: 's1', summary: 'x'.repeat(400) }), names).detail ?? '';
    expect(long).toHaveLength(160);
    expect(long.endsWith('…')).toBe(true);
    expect(describe(event('webhook.test', { message: 'hi' }), names).what).toBe('made a change (webhook.test)');
  });
});

group('byDay', () => {
  it('groups consecutive events by their local day, keeping the order', () => {
    const at = (iso: string) => ({ occurred_at: iso });
    const days = byDay([at('2026-11-27T15:00:00'), at('2026-11-27T09:00:00'), at('2026-11-25T18:00:00')]);
    expect(days.map((d) => [d.day, d.events.length])).toEqual([
      ['2026-11-27', 2],
      ['2026-11-25', 1],
    ]);
  });
});

group('dayHeading', () => {
  const now = new Date(2026, 2, 1, 9, 30); // 1 March, local time: the day before is in February
  it('says Today and Yesterday, and the date before that', () => {
    expect(dayHeading('2026-03-01', now)).toBe('Today');
    expect(dayHeading('2026-02-28', now)).toBe('Yesterday');
    expect(dayHeading('2026-02-27', now)).toBe('Feb 27, 2026');
  });
});
