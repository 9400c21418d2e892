import { describe, expect, it } from 'vitest';
import type { TimelineItem } from '../../api/types';
import { nextPlan } from './nextPlan';

const base = { workspace_id: 'w1', stakeholder_id: 's1', created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-01T00:00:00Z' };
function conversation(id: string, at: string, next: string | null, booked = false): TimelineItem {
  return {
    type: 'conversation',
    at,
    record: {
      ...base, id, occurred_at: at, held_by: null, mode: 'in_person', duration_minutes: null, summary: '', private: false, tone: 0,
      ratings: { authenticity: null, competence: null, empathy: null }, topics: [], next_contact_on: next, next_contact_scheduled: booked,
    },
  } as TimelineItem;
}
const signal = {
  type: 'signal',
  at: '2026-11-25T10:00:00Z',
  record: { ...base, id: 'g1', observed_at: '2026-11-25T10:00:00Z', source: 'observed', note: '', kind: 'quick_win' },
} as TimelineItem;

describe('nextPlan', () => {
  it('reads the latest one-on-one’s plan, past the records logged after it', () => {
    const items = [signal, conversation('c2', '2026-11-03T09:00:00Z', '2026-11-21', true), conversation('c1', '2026-10-01T09:00:00Z', '2026-12-20')];
    expect(nextPlan(items, '2026-11-28')).toEqual({ passed: true, on: '2026-11-21', booked: true, plannedAt: '2026-11-03T09:00:00Z' });
  });

  it('has the plan ahead until its day has passed: the day itself is still ahead', () => {
    const items = [conversation('c1', '2026-11-20T09:00:00Z', '2026-11-28')];
    expect(nextPlan(items, '2026-11-28')).toEqual({ passed: false, on: '2026-11-28', booked: false, plannedAt: '2026-11-20T09:00:00Z' });
    expect(nextPlan(items, '2026-11-29')?.passed).toBe(true);
  });

  it('is null when the latest one-on-one planned nothing, even if an older one did', () => {
    expect(nextPlan([conversation('c2', '2026-11-20T09:00:00Z', null), conversation('c1', '2026-11-01T09:00:00Z', '2026-11-10')], '2026-11-28')).toBeNull();
  });

  it('is null when the page holds no one-on-one', () => {
    expect(nextPlan([signal], '2026-11-28')).toBeNull();
    expect(nextPlan([], '2026-11-28')).toBeNull();
  });
});
