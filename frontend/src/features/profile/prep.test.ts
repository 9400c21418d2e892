import { describe, expect, it } from 'vitest';
import type { Acknowledgement, Commitment, Concern } from '../../api/types';
import { isOverdue, prepOf } from './prep';

const base = { workspace_id: 'w1', stakeholder_id: 's1', created_at: '2026-08-01T00:00:00Z', updated_at: '2026-08-01T00:00:00Z' };
const concern = (c: Partial<Concern>): Concern => ({
  ...base, id: 'c', conversation_id: null, text: '', severity: 1, cfir_domain: null, cfir_construct: null, status: 'open',
  status_changed_at: '2026-08-01T00:00:00Z', resolution_note: null, loop_closed_on: null, raised_at: '2026-08-01T00:00:00Z', ...c,
}) as Concern;
const commitment = (c: Partial<Commitment>): Commitment => ({
  ...base, id: 'm', conversation_id: null, description: '', owner: 'team', due_on: null, status: 'open', status_changed_at: '2026-08-01T00:00:00Z', ...c,
}) as Commitment;
const ack = (a: Partial<Acknowledgement>): Acknowledgement => ({
  ...base, id: 'a', area: '', setting: 'one_on_one', acknowledged_by: null, acknowledged_at: '2026-08-01T00:00:00Z', note: '', ...a,
}) as Acknowledgement;

describe('prepOf', () => {
  it('lists open worries most severe first, then longest waiting, and loops left to close', () => {
    const prep = prepOf(
      [
        concern({ id: 'late', severity: 2, raised_at: '2026-09-01T00:00:00Z' }),
        concern({ id: 'early', severity: 2, raised_at: '2026-08-01T00:00:00Z', status: 'being_addressed' }),
        concern({ id: 'blocking', severity: 3, raised_at: '2026-10-01T00:00:00Z' }),
        concern({ id: 'told', status: 'resolved', loop_closed_on: '2026-10-01' }),
        concern({ id: 'second', status: 'dismissed', status_changed_at: '2026-10-03T00:00:00Z' }),
        concern({ id: 'first', status: 'resolved', status_changed_at: '2026-10-02T00:00:00Z' }),
      ],
      [],
      [],
    );
    expect(prep.worries.map((c) => c.id)).toEqual(['blocking', 'early', 'late']);
    expect(prep.toTell.map((c) => c.id)).toEqual(['first', 'second']);
  });

  it('splits open commitments by owner, soonest due first and undated last', () => {
    const prep = prepOf(
      [],
      [
        commitment({ id: 'undated' }),
        commitment({ id: 'dec', due_on: '2026-12-01' }),
        commitment({ id: 'nov', due_on: '2026-11-01' }),
        commitment({ id: 'kept', due_on: '2026-10-01', status: 'kept' }),
        commitment({ id: 'theirs', owner: 'stakeholder', due_on: '2026-11-15' }),
      ],
      [],
    );
    expect(prep.ours.map((c) => c.id)).toEqual(['nov', 'dec', 'undated']);
    expect(prep.theirs.map((c) => c.id)).toEqual(['theirs']);
  });

  it('counts each area of expertise once, however it was typed, latest first', () => {
    const prep = prepOf(
      [],
      [],
      [
        ack({ area: 'PDSA cycles', acknowledged_at: '2026-09-01T00:00:00Z' }),
        ack({ area: 'Fishbone diagrams', acknowledged_at: '2026-10-01T00:00:00Z' }),
        ack({ area: ' pdsa Cycles', acknowledged_at: '2026-08-01T00:00:00Z' }),
      ],
    );
    expect(prep.expertise).toEqual([
      { area: 'Fishbone diagrams', last: '2026-10-01T00:00:00Z', times: 1 },
      { area: 'PDSA cycles', last: '2026-09-01T00:00:00Z', times: 2 },
    ]);
  });
});

describe('isOverdue', () => {
  it('is overdue from the day after the due date', () => {
    expect(isOverdue(commitment({ due_on: '2026-11-26' }), '2026-11-27')).toBe(true);
    expect(isOverdue(commitment({ due_on: '2026-11-27' }), '2026-11-27')).toBe(false);
    expect(isOverdue(commitment({ due_on: null }), '2026-11-27')).toBe(false);
  });
});
