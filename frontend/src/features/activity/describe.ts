import type { ActivityEvent } from '../../api/types';
import { formatDate } from '../../lib/format';
import { today } from '../../lib/format';
import { CONCERN_STATUS_LABELS } from '../profile/concernStatus';
import { SIGNAL_KIND_LABELS } from '../conversations/vocab';
import { categoryLabel } from '../scores/categories';
import { constructLabel, domainLabel } from '../scores/labels';

/** Names for the ids in the feed: people recorded about, and members who made changes. */
export interface Names {
  person: (stakeholderId: string) => string | undefined;
  member: (userId: string) => string | undefined;
}

/** One line of the activity page: who did what, about whom, and a short detail. */
export interface ActivityLine {
  /** Who made the change ("Rapport" for what the service worked out itself). */
  who: string;
  /** What they did, after their name: "logged a one-on-one with". */
  what: string;
  /** The person it is about, linked after `what` (null when none or no longer known). */
  about: { id: string; name: string } | null;
  /** The record's gist: a concern's words, an area of expertise, a commitment's promise. */
  detail: string | null;
  /** A category change (`about` is now …): worth a second look on the map. */
  category?: { old: string; new: string };
}

const DETAIL_LENGTH = 160;

type Payload = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : null);

function short(text: string | null): string | null {
  if (!text) return null;
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > DETAIL_LENGTH ? `${one.slice(0, DETAIL_LENGTH - 1)}…` : one || null;
}

function whoOf(event: ActivityEvent, names: Names): string {
  const { user_id: userId, token_id: tokenId } = event.actor;
  if (userId) return names.member(userId) ?? 'A former member';
  if (tokenId) return 'An API token';
  return 'Rapport';
}

const RECORD_NOUNS: Record<string, string> = {
  conversation: 'a one-on-one',
  concern: 'a concern',
  acknowledgement: 'an acknowledgement',
  signal: 'a signal',
  commitment: 'a commitment',
};

/** What the activity page says about one event of the change feed. */
export function describe(event: ActivityEvent, names: Names): ActivityLine {
  const p = event.payload as Payload;
  const who = whoOf(event, names);
  const [resource = '', action = ''] = event.type.split('.');
  const personId = str(p.stakeholder_id) ?? (resource === 'stakeholder' ? str(p.id) : null);
  const personName = personId ? (names.person(personId) ?? str(p.name) ?? undefined) : undefined;
  const about = personId && personName ? { id: personId, name: personName } : null;
  const line = (what: string, detail: string | null = null): ActivityLine => ({ who, what, about, detail: short(detail) });

  if (action === 'deleted') {
    const noun = RECORD_NOUNS[resource] ?? `a ${resource.replace('_', ' ')}`;
    return { who, what: `deleted ${noun}`, about: null, detail: null };
  }
  switch (event.type) {
    case 'conversation.created':
      return line('logged a one-on-one with', str(p.summary));
    case 'conversation.updated':
      return line('corrected a one-on-one with', str(p.summary));
    case 'concern.created':
      return line('recorded a concern raised by', str(p.text));
    case 'concern.updated': {
      const status = CONCERN_STATUS_LABELS[p.status as keyof typeof CONCERN_STATUS_LABELS] ?? String(p.status);
      const told = p.loop_closed_on ? ', and they have been told' : '';
      return line(`updated a concern (${status.toLowerCase()}${told}) raised by`, str(p.text));
    }
    case 'acknowledgement.created':
      return line('acknowledged the expertise of', str(p.area));
    case 'acknowledgement.updated':
      return line('corrected an acknowledgement of', str(p.area));
    case 'signal.created':
    case 'signal.updated': {
      const kind = SIGNAL_KIND_LABELS[p.kind as keyof typeof SIGNAL_KIND_LABELS] ?? String(p.kind);
      return line(`${action === 'created' ? 'recorded' : 'corrected'} a signal (${kind.toLowerCase()}) about`, str(p.note));
    }
    case 'commitment.created':
      return line(p.owner === 'team' ? 'recorded a promise we made to' : 'recorded a promise made by', str(p.description));
    case 'commitment.updated':
      return line(`updated a commitment (${String(p.status)}) with`, str(p.description));
    case 'stakeholder.created':
      return line('added', null);
    case 'stakeholder.updated':
      return line('updated the details of', null);
    case 'stakeholder.category_changed': {
      const change = { old: categoryLabel(String(p.old)), new: categoryLabel(String(p.new)) };
      // Shown as "<person> is now …": the service worked it out from someone's record.
      return { who, what: `is now ${change.new.toLowerCase()} (was ${change.old.toLowerCase()})`, about, detail: null, category: change };
    }
    case 'team.created':
      return { who, what: `created the team ${String(p.name)}`, about: null, detail: null };
    case 'team.updated':
      return { who, what: `updated the team ${String(p.name)}`, about: null, detail: null };
    case 'member.created':
      return { who, what: `added ${String(p.name)} as ${String(p.role)}`, about: null, detail: null };
    case 'member.updated':
      return { who, what: `made ${String(p.name)} ${String(p.role)}`, about: null, detail: null };
    case 'focus_challenge.updated': {
      const focus = p.cfir_construct ? constructLabel(str(p.cfir_construct)) : p.cfir_domain ? domainLabel(str(p.cfir_domain)) : null;
      return { who, what: focus ? `picked the challenge to work on: ${focus}` : 'cleared the challenge to work on', about: null, detail: short(str(p.note)) };
    }
    case 'scoring_settings.updated':
      return { who, what: `saved new scoring settings (version ${String(p.version)})`, about: null, detail: null };
    case 'import.completed':
      return p.resource === 'workspace'
        ? { who, what: 'imported this workspace from a document', about: null, detail: null }
        : { who, what: `imported ${String(p.written)} ${String(p.resource)} from a spreadsheet`, about: null, detail: null };
    case 'readings.recomputed':
      return { who, what: `recomputed every score (${String(p.category_changes)} categories changed)`, about: null, detail: null };
    case 'workspace.created':
      return { who, what: 'created the workspace', about: null, detail: null };
    case 'workspace.updated':
      return { who, what: 'renamed or described the workspace', about: null, detail: null };
    default:
      return { who, what: `made a change (${event.type})`, about: null, detail: null };
  }
}

/** The calendar day of `iso` in the browser's time zone, `YYYY-MM-DD`, to group lines by. */
export function dayOf(iso: string): string {
  return today(new Date(iso));
}

/** A day's heading: "Today", "Yesterday", or its date. */
export function dayHeading(day: string, now = new Date()): string {
  if (day === today(now)) return 'Today';
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (day === today(yesterday)) return 'Yesterday';
  return formatDate(day);
}

/** Events grouped by day, newest day first, in the order given within a day. */
export function byDay<T extends { occurred_at: string }>(events: T[]): { day: string; events: T[] }[] {
  const groups: { day: string; events: T[] }[] = [];
  for (const e of events) {
    const day = dayOf(e.occurred_at);
    const last = groups.at(-1);
    if (last?.day === day) last.events.push(e);
    else groups.push({ day, events: [e] });
  }
  return groups;
}
