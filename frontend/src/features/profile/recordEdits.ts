import type { Acknowledgement, AcknowledgementUpdate, Commitment, CommitmentUpdate, Concern, ConcernUpdate, Signal, SignalUpdate } from '../../api/types';
import {
  type AcknowledgementValues,
  acknowledgementFields,
  type CommitmentValues,
  changedFields,
  commitmentFields,
  type ConcernValues,
  concernFields,
  localDateTime,
  newSignal,
  type SignalValues,
  signalRequest,
  toIso,
} from '../conversations/logForm';
import { ADKAR_FIELDS } from '../conversations/vocab';

/*
 * A logged record as its form's values, and the PATCH for what was changed in them. The
 * record's fields are built by the log form's own functions from both the record's values and
 * the edited ones, so only a real change is sent (a time shown to the minute, left alone, is
 * not).
 */

/** For forms whose record keeps its own time, as a `datetime-local` value. */
export type Timed<V> = V & { at: string };

/** A form's time as the API takes it ('' while the field is empty: the form refuses that). */
const iso = (at: string) => (at ? toIso(at) : '');

export function concernValuesOf(c: Concern): ConcernValues {
  return { key: c.id, text: c.text, severity: String(c.severity), cfir_domain: c.cfir_domain ?? null, cfir_construct: c.cfir_construct ?? null };
}

/** What was said and how it is classified; its status moves on the concerns board. */
export function concernChanges(before: ConcernValues, after: ConcernValues): ConcernUpdate {
  return changedFields(concernFields(before), concernFields(after));
}

export function commitmentValuesOf(c: Commitment): CommitmentValues {
  return { key: c.id, description: c.description, owner: c.owner, due_on: c.due_on ?? '' };
}

/** What was promised, by whom and by when; kept or broken is marked on the profile's card. */
export function commitmentChanges(before: CommitmentValues, after: CommitmentValues): CommitmentUpdate {
  return changedFields(commitmentFields(before), commitmentFields(after));
}

export function acknowledgementValuesOf(a: Acknowledgement): Timed<AcknowledgementValues> {
  return { key: a.id, area: a.area, setting: a.setting, note: a.note ?? '', at: localDateTime(new Date(a.acknowledged_at)) };
}

export function acknowledgementChanges(before: Timed<AcknowledgementValues>, after: Timed<AcknowledgementValues>): AcknowledgementUpdate {
  return changedFields(acknowledgementFields(before, iso(before.at)), acknowledgementFields(after, iso(after.at)));
}

export function signalValuesOf(s: Signal): Timed<SignalValues> {
  const values = { ...newSignal(), key: s.id, kind: s.kind, source: s.source, note: s.note ?? '', at: localDateTime(new Date(s.observed_at)) };
  switch (s.kind) {
    case 'champion_behavior':
    case 'resistance_behavior':
      return { ...values, facet: s.facet, intensity: String(s.intensity) };
    case 'readiness_check':
      return { ...values, commitment: s.commitment, efficacy: s.efficacy };
    case 'stage_of_change':
      return { ...values, stage: s.stage };
    case 'adkar': {
      const score = (n: number | null | undefined) => (n ? String(n) : null);
      return { ...values, adkar: Object.fromEntries(ADKAR_FIELDS.map((f) => [f, score(s[f])])) as SignalValues['adkar'] };
    }
    case 'peer_nomination':
      return { ...values, nominated_by_id: s.nominated_by_id };
    case 'quick_win':
      return values;
  }
}

/** The kind's own fields, source, note and time; the kind itself never changes. */
export function signalChanges(stakeholderId: string, before: Timed<SignalValues>, after: Timed<SignalValues>): SignalUpdate {
  const was = signalRequest(before, { stakeholderId, occurredAt: iso(before.at) });
  const now = signalRequest(after, { stakeholderId, occurredAt: iso(after.at) });
  return changedFields<Record<string, unknown>>(was, now, ['stakeholder_id', 'kind']) as SignalUpdate;
}
