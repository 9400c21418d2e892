import type { Concern, ConcernStatus, ConcernUpdate } from '../../api/types';
import { CONCERN_STATUSES } from '../profile/concernStatus';
import { constructLabel, domainLabel } from '../scores/labels';
import { fold, foldedIncludes } from '../../lib/fold';
import { today } from '../../lib/format';

export interface Person {
  name: string;
  teamId: string | null;
}

export interface BoardFilter {
  search: string;
  teamId: string | null;
  /** Only concerns under this CFIR domain and construct (`challengeKey`). */
  challenge?: string | null;
}

/** A challenge (CFIR domain and construct, either possibly absent) as one string, for filters and links. */
export function challengeKey(domain: string | null, construct: string | null): string {
  return `${domain ?? ''}:${construct ?? ''}`;
}

export function challengeLabel(key: string): string {
  const [domain, construct] = key.split(':');
  if (!domain) return domainLabel(null);
  return construct ? `${constructLabel(construct)} (${domainLabel(domain)})` : `${domainLabel(domain)}, construct not given`;
}

/**
 * The concerns CSV with the board's team, challenge and search (every status). The API's `q`
 * matches as the board does: the concern's text or the person's name.
 */
export function concernsExportHref(workspaceId: string, teamId: string | null, challenge: string | null, search = ''): string {
  const params = new URLSearchParams();
  if (teamId) params.set('team_id', teamId);
  if (challenge) {
    const [domain = '', construct = ''] = challenge.split(':');
    params.set('cfir_domain', domain || 'none');
    if (domain) params.set('cfir_construct', construct || 'none');
  }
  if (search.trim()) params.set('q', search.trim());
  const query = params.toString();
  return `/api/v1/workspaces/${encodeURIComponent(workspaceId)}/export/concerns.csv${query ? `?${query}` : ''}`;
}

/** The challenges the concerns name, and `current` even if none does any more, A to Z. */
export function challengeOptions(concerns: Concern[], current: string | null): { value: string; label: string }[] {
  const keys = new Set(concerns.map((c) => challengeKey(c.cfir_domain, c.cfir_construct)));
  if (current) keys.add(current);
  return [...keys].map((value) => ({ value, label: challengeLabel(value) })).sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * The board's columns: each status with its concerns. Open and being addressed: most severe
 * first, then longest waiting. Resolved and dismissed: those whose loop is still to close
 * first (the work left), then the latest dealt with. The search matches the concern's text or the person's name, ignoring case and accents (as
 * the API's `q` does, so the board's export holds what the board shows).
 */
export function groupByStatus(
  concerns: Concern[],
  people: Map<string, Person>,
  filter: BoardFilter,
): Record<ConcernStatus, Concern[]> {
  const q = fold(filter.search.trim());
  const columns = Object.fromEntries(CONCERN_STATUSES.map((s) => [s, [] as Concern[]])) as Record<ConcernStatus, Concern[]>;
  for (const c of concerns) {
    const person = people.get(c.stakeholder_id);
    if (filter.teamId !== null && (person?.teamId ?? null) !== filter.teamId) continue;
    if (filter.challenge && challengeKey(c.cfir_domain, c.cfir_construct) !== filter.challenge) continue;
    if (q && !foldedIncludes(c.text, q) && !(person !== undefined && foldedIncludes(person.name, q))) continue;
    columns[c.status].push(c);
  }
  for (const status of CONCERN_STATUSES) {
    if (isDone(status)) {
      columns[status].sort(
        (a, b) =>
          Number(canCloseLoop(b)) - Number(canCloseLoop(a)) ||
          b.status_changed_at.localeCompare(a.status_changed_at) ||
          a.raised_at.localeCompare(b.raised_at),
      );
    } else {
      columns[status].sort((a, b) => b.severity - a.severity || a.raised_at.localeCompare(b.raised_at));
    }
  }
  return columns;
}

/** Resolved or dismissed: dealt with, one way or the other. */
export function isDone(status: ConcernStatus): boolean {
  return status === 'resolved' || status === 'dismissed';
}

/** How many concerns a resolved or dismissed column shows, past those whose loop is still to close. */
export const DONE_SHOWN = 5;

/**
 * The most cards a column shows before asking, and how many more each "Show more" adds: a large
 * workspace has thousands of concerns, and a page drawing them all at once takes a minute.
 */
export const COLUMN_PAGE = 50;

/**
 * What a column shows of its (sorted) concerns. A resolved or dismissed column keeps growing
 * with history: at first it shows the concerns whose loop is still to close and the
 * `DONE_SHOWN` latest others; an open or being-addressed column, or any column while searching,
 * shows its first `COLUMN_PAGE`. Never more than `COLUMN_PAGE` at first; `limit` (from "Show
 * more") replaces the first count. `hidden` is what is left out, `expanded` whether the column
 * shows more than at first.
 */
export function visibleCards(
  status: ConcernStatus,
  list: Concern[],
  options: { limit?: number; searching?: boolean } = {},
): { shown: Concern[]; hidden: number; expanded: boolean } {
  // Sorted with the loops to close first, so the first count takes them and then the latest.
  const first = isDone(status) && !options.searching ? Math.min(COLUMN_PAGE, list.filter(canCloseLoop).length + DONE_SHOWN) : COLUMN_PAGE;
  const shown = list.slice(0, options.limit ?? first);
  return { shown, hidden: list.length - shown.length, expanded: shown.length > first };
}

/** What closing the loop tells them (“told them …”): what changed, or why nothing will. */
export function whatTheyHear(status: Concern['status']): string {
  return status === 'dismissed' ? 'why' : 'what changed';
}

/** Closing the loop is only for a concern someone dealt with, and only once. */
export function canCloseLoop(c: Concern): boolean {
  return isDone(c.status) && !c.loop_closed_on;
}

/**
 * The PATCH that moves a concern. Reopening clears "we told them what changed" (the API
 * requires that in the same request); resolving or dismissing may carry a note and close the loop.
 */
export function moveRequest(
  c: Concern,
  to: ConcernStatus,
  options: { note?: string; toldThem?: boolean; on?: string } = {},
): ConcernUpdate {
  const body: ConcernUpdate = { status: to };
  const done = isDone(to);
  if (!done && c.loop_closed_on) body.loop_closed_on = null;
  if (done && options.note !== undefined && options.note.trim() !== c.resolution_note) body.resolution_note = options.note.trim();
  if (done && options.toldThem && !c.loop_closed_on) body.loop_closed_on = options.on ?? today();
  return body;
}

/** The column a card dropped on `overId` moves to: that column's status if it is another one,
 * else null (dropped outside any column, or back where it was). */
export function dropTarget(concern: Concern, overId: string | number | null): ConcernStatus | null {
  const to = (CONCERN_STATUSES as readonly string[]).includes(String(overId)) ? (String(overId) as ConcernStatus) : null;
  return to && to !== concern.status ? to : null;
}
