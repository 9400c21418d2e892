import type { Acknowledgement, Commitment, Concern } from '../../api/types';
import { canCloseLoop } from '../concerns/board';

/** What a lead wants in front of them before a one-on-one with someone. */
export interface Prep {
  /** Open or being addressed: most severe first, then longest waiting. */
  worries: Concern[];
  /** Resolved or dismissed, and nobody has told them what changed (or why) yet. */
  toTell: Concern[];
  /** Open commitments the implementation team made them, soonest due first (no date last). */
  ours: Commitment[];
  /** Open commitments they made, soonest due first. */
  theirs: Commitment[];
  /** Each area of expertise acknowledged, most recently acknowledged first. */
  expertise: { area: string; last: string; times: number }[];
}

function byDue(a: Commitment, b: Commitment): number {
  if (a.due_on === b.due_on) return a.created_at.localeCompare(b.created_at);
  if (a.due_on === null) return 1;
  if (b.due_on === null) return -1;
  return a.due_on.localeCompare(b.due_on);
}

export function prepOf(concerns: Concern[], commitments: Commitment[], acknowledgements: Acknowledgement[]): Prep {
  const worries = concerns
    .filter((c) => c.status === 'open' || c.status === 'being_addressed')
    .sort((a, b) => b.severity - a.severity || a.raised_at.localeCompare(b.raised_at));
  const toTell = concerns.filter(canCloseLoop).sort((a, b) => a.status_changed_at.localeCompare(b.status_changed_at));
  const open = commitments.filter((c) => c.status === 'open').sort(byDue);
  const areas = new Map<string, { area: string; last: string; times: number }>();
  for (const a of acknowledgements) {
    // "QI: run charts" and "qi: Run charts " are one area, shown as most recently written.
    const key = a.area.trim().toLowerCase();
    const seen = areas.get(key);
    if (!seen) areas.set(key, { area: a.area.trim(), last: a.acknowledged_at, times: 1 });
    else {
      seen.times += 1;
      if (a.acknowledged_at > seen.last) Object.assign(seen, { area: a.area.trim(), last: a.acknowledged_at });
    }
  }
  return {
    worries,
    toTell,
    ours: open.filter((c) => c.owner === 'team'),
    theirs: open.filter((c) => c.owner === 'stakeholder'),
    expertise: [...areas.values()].sort((a, b) => b.last.localeCompare(a.last)),
  };
}

/** Whether a commitment's due date (a calendar date) is before `today` (also one). */
export function isOverdue(c: Commitment, today: string): boolean {
  return c.due_on !== null && c.due_on < today;
}
