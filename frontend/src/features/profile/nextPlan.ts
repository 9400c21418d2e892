import type { TimelineItem } from '../../api/types';

/** What the latest one-on-one planned for the next one: still ahead, or passed with nothing
 * logged since (missed, or held and not logged). */
export type NextPlan = { passed: boolean; on: string; booked: boolean; plannedAt: string };

/**
 * The plan of the latest one-on-one among `items` (a timeline page, newest first), judged on
 * `today` (YYYY-MM-DD): null when it planned nothing, or when the page holds no one-on-one (the
 * latest one is then on a later page, and so is any plan it made).
 */
export function nextPlan(items: TimelineItem[], today: string): NextPlan | null {
  const latest = items.find((i) => i.type === 'conversation');
  if (latest?.type !== 'conversation' || !latest.record.next_contact_on) return null;
  const on = latest.record.next_contact_on;
  return { passed: on < today, on, booked: latest.record.next_contact_scheduled, plannedAt: latest.at };
}
