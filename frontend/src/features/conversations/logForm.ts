import type {
  AcknowledgementCreate,
  AcknowledgementSetting,
  CfirConstruct,
  CfirDomain,
  ChampionFacet,
  CommitmentCreate,
  CommitmentOwner,
  ConcernCreate,
  Conversation,
  ConversationCreate,
  ConversationMode,
  ConversationUpdate,
  Ratings,
  ResistanceFacet,
  SignalCreate,
  SignalKind,
  SignalSource,
  Stage,
} from '../../api/types';
import { ADKAR_FIELDS } from './vocab';

/** One form for a conversation and everything raised in it. Inputs hold strings; requests don't. */
export interface ConversationValues {
  /** Client-side identity, for Idempotency-Key; never sent as a field. */
  key: string;
  stakeholder_id: string | null;
  /** `datetime-local` value, in the browser's time zone. */
  occurred_at: string;
  mode: ConversationMode;
  duration_minutes: number | string;
  summary: string;
  private: boolean;
  tone: string;
  ratings: { authenticity: string | null; competence: string | null; empathy: string | null };
  topics: string[];
  next_contact_on: string;
  next_contact_scheduled: boolean;
}

export interface ConcernValues {
  key: string;
  text: string;
  severity: string;
  cfir_domain: CfirDomain | null;
  cfir_construct: CfirConstruct | null;
}

export interface CommitmentValues {
  key: string;
  description: string;
  owner: CommitmentOwner;
  due_on: string;
}

export interface AcknowledgementValues {
  key: string;
  area: string;
  setting: AcknowledgementSetting;
  note: string;
}

type AdkarField = (typeof ADKAR_FIELDS)[number];

export interface SignalValues {
  key: string;
  kind: SignalKind;
  source: SignalSource;
  note: string;
  facet: string | null;
  intensity: string;
  commitment: number | string;
  efficacy: number | string;
  stage: Stage | null;
  adkar: Record<AdkarField, string | null>;
  nominated_by_id: string | null;
}

export interface LogValues {
  conversation: ConversationValues;
  concerns: ConcernValues[];
  commitments: CommitmentValues[];
  acknowledgements: AcknowledgementValues[];
  signals: SignalValues[];
}

/** What has reached the server, so a retry after a failure never saves anything twice. */
export interface Progress {
  conversationId: string | null;
  /** item key → id of the saved record */
  saved: Record<string, string>;
}

export const ITEM_LISTS = ['concerns', 'commitments', 'acknowledgements', 'signals'] as const;
export type ItemList = (typeof ITEM_LISTS)[number];

export const newKey = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `k${Date.now()}${Math.random()}`;

/** `YYYY-MM-DDTHH:mm` for a datetime-local input, in local time. */
export function localDateTime(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function emptyLog(now = new Date()): LogValues {
  return {
    conversation: {
      key: newKey(),
      stakeholder_id: null,
      occurred_at: localDateTime(now),
      mode: 'in_person',
      duration_minutes: '',
      summary: '',
      private: false,
      tone: '0',
      ratings: { authenticity: null, competence: null, empathy: null },
      topics: [],
      next_contact_on: '',
      next_contact_scheduled: false,
    },
    concerns: [],
    commitments: [],
    acknowledgements: [],
    signals: [],
  };
}

export const emptyProgress = (): Progress => ({ conversationId: null, saved: {} });

export const newConcern = (): ConcernValues => ({ key: newKey(), text: '', severity: '1', cfir_domain: null, cfir_construct: null });
export const newCommitment = (): CommitmentValues => ({ key: newKey(), description: '', owner: 'team', due_on: '' });
export const newAcknowledgement = (): AcknowledgementValues => ({ key: newKey(), area: '', setting: 'one_on_one', note: '' });
export const newSignal = (): SignalValues => ({
  key: newKey(),
  kind: 'champion_behavior',
  source: 'observed',
  note: '',
  facet: null,
  intensity: '2',
  commitment: '',
  efficacy: '',
  stage: null,
  adkar: { awareness: null, desire: null, knowledge: null, ability: null, reinforcement: null },
  nominated_by_id: null,
});

/** Nothing typed yet: no draft worth keeping. */
export function isBlank(v: LogValues): boolean {
  const c = v.conversation;
  return (
    !c.stakeholder_id &&
    !c.summary.trim() &&
    c.topics.length === 0 &&
    ITEM_LISTS.every((list) => v[list].length === 0)
  );
}

/** A `datetime-local` value as the API's ISO time. */
export const toIso = (local: string) => new Date(local).toISOString();
const int = (s: string) => Number.parseInt(s, 10);
const numOrNull = (v: number | string) => (v === '' || v === null ? null : Number(v));

export function conversationRequest(c: ConversationValues): ConversationCreate {
  const ratings: Ratings = {};
  for (const key of ['authenticity', 'competence', 'empathy'] as const) {
    const value = c.ratings[key];
    if (value) ratings[key] = int(value);
  }
  return {
    stakeholder_id: c.stakeholder_id ?? '',
    occurred_at: toIso(c.occurred_at),
    mode: c.mode,
    duration_minutes: numOrNull(c.duration_minutes),
    summary: c.summary.trim(),
    private: c.private,
    tone: int(c.tone),
    ratings,
    topics: c.topics.map((t) => t.trim()).filter(Boolean),
    next_contact_on: c.next_contact_on || null,
    next_contact_scheduled: c.next_contact_scheduled,
  };
}

/** A logged conversation as the form's values, for editing it. */
export function conversationValuesOf(c: Conversation): ConversationValues {
  const rating = (n: number | null | undefined) => (n ? String(n) : null);
  return {
    key: c.id,
    stakeholder_id: c.stakeholder_id,
    occurred_at: localDateTime(new Date(c.occurred_at)),
    mode: c.mode,
    duration_minutes: c.duration_minutes ?? '',
    summary: c.summary ?? '',
    private: c.private,
    tone: String(c.tone),
    ratings: { authenticity: rating(c.ratings?.authenticity), competence: rating(c.ratings?.competence), empathy: rating(c.ratings?.empathy) },
    topics: [...c.topics],
    next_contact_on: c.next_contact_on ?? '',
    next_contact_scheduled: c.next_contact_scheduled,
  };
}

/**
 * The PATCH for an edited conversation: only the fields that changed, so nothing else is
 * rewritten (and a time shown to the minute is not sent back when it was left alone). With
 * `summaryHidden` (private to someone else) the summary and the private flag are never sent.
 */
export function conversationChanges(before: ConversationValues, after: ConversationValues, summaryHidden = false): ConversationUpdate {
  const fixed: (keyof ConversationCreate)[] = summaryHidden ? ['stakeholder_id', 'summary', 'private'] : ['stakeholder_id'];
  return changedFields(conversationRequest(before), conversationRequest(after), fixed);
}

/**
 * The fields of request `now` that differ from request `was` (compared as JSON), leaving out
 * `fixed`: the PATCH for an edited record, so nothing else is rewritten and a time shown to
 * the minute is not sent back when it was left alone.
 */
export function changedFields<T extends object>(was: T, now: T, fixed: (keyof T)[] = []): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(now) as (keyof T)[]) {
    if (fixed.includes(key)) continue;
    if (JSON.stringify(was[key]) !== JSON.stringify(now[key])) changes[key] = now[key];
  }
  return changes;
}

interface Context {
  stakeholderId: string;
  conversationId: string;
  occurredAt: string;
}

/*
 * Each record's own fields as the API takes them (`…Fields`), apart from whom and which
 * one-on-one it belongs to: a request adds those (`…Request`), an edit compares the fields.
 */

type Unkeyed<V> = Omit<V, 'key'>;

export function concernFields(c: Unkeyed<ConcernValues>) {
  return {
    text: c.text.trim(),
    severity: int(c.severity),
    cfir_domain: c.cfir_domain,
    cfir_construct: c.cfir_domain ? c.cfir_construct : null,
  };
}

export function concernRequest(c: ConcernValues, ctx: Context): ConcernCreate {
  return { stakeholder_id: ctx.stakeholderId, conversation_id: ctx.conversationId, ...concernFields(c) };
}

export function commitmentFields(c: Unkeyed<CommitmentValues>) {
  return { description: c.description.trim(), owner: c.owner, due_on: c.due_on || null };
}

export function commitmentRequest(c: CommitmentValues, ctx: Context): CommitmentCreate {
  return { stakeholder_id: ctx.stakeholderId, conversation_id: ctx.conversationId, ...commitmentFields(c) };
}

/** `at`: when the expertise was acknowledged (ISO). */
export function acknowledgementFields(a: Unkeyed<AcknowledgementValues>, at: string) {
  return { acknowledged_at: at, area: a.area.trim(), setting: a.setting, note: a.note.trim() };
}

export function acknowledgementRequest(a: AcknowledgementValues, ctx: Context): AcknowledgementCreate {
  return { stakeholder_id: ctx.stakeholderId, ...acknowledgementFields(a, ctx.occurredAt) };
}

export function signalRequest(s: SignalValues, ctx: Pick<Context, 'stakeholderId' | 'occurredAt'>): SignalCreate {
  const base = { stakeholder_id: ctx.stakeholderId, observed_at: ctx.occurredAt, source: s.source, note: s.note.trim() };
  switch (s.kind) {
    case 'champion_behavior':
      return { ...base, kind: s.kind, facet: s.facet as ChampionFacet, intensity: int(s.intensity) };
    case 'resistance_behavior':
      return { ...base, kind: s.kind, facet: s.facet as ResistanceFacet, intensity: int(s.intensity) };
    case 'readiness_check':
      return { ...base, kind: s.kind, commitment: Number(s.commitment), efficacy: Number(s.efficacy) };
    case 'stage_of_change':
      return { ...base, kind: s.kind, stage: s.stage as Stage };
    case 'adkar': {
      const scores = Object.fromEntries(ADKAR_FIELDS.map((f) => [f, s.adkar[f] ? int(s.adkar[f]) : null]));
      return { ...base, kind: s.kind, ...scores };
    }
    case 'peer_nomination':
      return { ...base, kind: s.kind, nominated_by_id: s.nominated_by_id ?? '' };
    case 'quick_win':
      return { ...base, kind: s.kind };
  }
}

type Errors = Record<string, string>;

/** Checks what can be checked without the server; the server still has the last word. */
export function validateLog(v: LogValues, now = new Date()): Errors {
  const c = v.conversation;
  const e: Errors = conversationErrors(c, 'conversation', now);
  v.concerns.forEach((x, i) => {
    if (!x.text.trim()) e[`concerns.${i}.text`] = 'Describe the concern, or remove it';
  });
  v.commitments.forEach((x, i) => {
    if (!x.description.trim()) e[`commitments.${i}.description`] = 'Describe the commitment, or remove it';
  });
  v.acknowledgements.forEach((x, i) => {
    if (!x.area.trim()) e[`acknowledgements.${i}.area`] = 'Name the expertise, e.g. “QI: run charts”';
  });
  v.signals.forEach((s, i) => Object.assign(e, signalErrors(s, c.stakeholder_id, `signals.${i}`)));
  return e;
}

/** A conversation's own errors, keyed by form path under `path` ('' for a form that is one
 * conversation). */
export function conversationErrors(c: ConversationValues, path: string, now = new Date()): Errors {
  const e: Errors = {};
  const at = (f: string) => (path ? `${path}.${f}` : f);
  if (!c.stakeholder_id) e[at('stakeholder_id')] = 'Choose who the conversation was with';
  const when = whenError(c.occurred_at, 'Enter when it happened', now);
  if (when) e[at('occurred_at')] = when;
  if (c.duration_minutes !== '') {
    const d = Number(c.duration_minutes);
    if (!Number.isInteger(d) || d < 1 || d > 1440) e[at('duration_minutes')] = '1 to 1440 minutes, or empty';
  }
  if (c.next_contact_scheduled && !c.next_contact_on) e[at('next_contact_on')] = 'Give the date of the booked contact';
  return e;
}

/** What is wrong with a `datetime-local` value for when something happened: `missing` when
 * it is empty or not a time, or a time still to come (a minute's grace for clocks). */
export function whenError(value: string, missing: string, now = new Date()): string | null {
  const t = new Date(value).getTime();
  if (!value || Number.isNaN(t)) return missing;
  return t > now.getTime() + 60_000 ? 'Cannot be in the future' : null;
}

/** A signal's errors, keyed by form path under `path` ('' for a form that is one signal);
 * `subjectId` is the person it is about. */
export function signalErrors(s: SignalValues, subjectId: string | null, path: string): Errors {
  const e: Errors = {};
  const at = (f: string) => (path ? `${path}.${f}` : f);
  if ((s.kind === 'champion_behavior' || s.kind === 'resistance_behavior') && !s.facet) e[at('facet')] = 'Choose a facet';
  if (s.kind === 'readiness_check') {
    for (const f of ['commitment', 'efficacy'] as const) {
      const n = Number(s[f]);
      if (s[f] === '' || Number.isNaN(n) || n < 1 || n > 5) e[at(f)] = '1 to 5';
    }
  }
  if (s.kind === 'stage_of_change' && !s.stage) e[at('stage')] = 'Choose a stage';
  if (s.kind === 'adkar' && ADKAR_FIELDS.every((f) => !s.adkar[f])) e[at('adkar.awareness')] = 'Rate at least one of the five';
  if (s.kind === 'peer_nomination') {
    if (!s.nominated_by_id) e[at('nominated_by_id')] = 'Choose who nominated them';
    else if (s.nominated_by_id === subjectId) e[at('nominated_by_id')] = 'Someone other than the stakeholder';
  }
  return e;
}

export interface PersonOption {
  value: string;
  label: string;
}

export type PersonChoices = PersonOption[] | { group: string; items: PersonOption[] }[];

/**
 * The "With" picker's people: those due a one-on-one first, in the order the next actions
 * give (most pressing first), then everyone else A to Z. Without that list, everyone A to Z.
 */
export function personChoices(options: PersonOption[], due: string[] | undefined): PersonChoices {
  const byId = new Map(options.map((o) => [o.value, o]));
  const first = (due ?? []).flatMap((id) => byId.get(id) ?? []);
  const picked = new Set(first.map((o) => o.value));
  const rest = options.filter((o) => !picked.has(o.value)).sort((a, b) => a.label.localeCompare(b.label));
  if (first.length === 0) return rest;
  return [
    { group: 'Due a one-on-one', items: first },
    { group: 'Everyone else', items: rest },
  ];
}
