import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../api/types';
import {
  concernRequest,
  conversationChanges,
  conversationRequest,
  conversationValuesOf,
  emptyLog,
  isBlank,
  newConcern,
  newSignal,
  personChoices,
  signalRequest,
  validateLog,
  type LogValues,
} from './logForm';

const ctx = { stakeholderId: 's1', conversationId: 'c1', occurredAt: '2026-03-02T09:30:00.000Z' };

function log(overrides: Partial<LogValues['conversation']> = {}): LogValues {
  const v = emptyLog(new Date(2026, 2, 2, 10, 0));
  return { ...v, conversation: { ...v.conversation, stakeholder_id: 's1', ...overrides } };
}

describe('conversationRequest', () => {
  it('sends typed values: numbers, ISO time, only the ratings given, nulls for empty', () => {
    const body = conversationRequest(
      log({ occurred_at: '2026-03-02T09:30', tone: '-1', duration_minutes: 25, ratings: { authenticity: '4', competence: null, empathy: '5' }, topics: [' staffing ', ''] }).conversation,
    );
    expect(body).toMatchObject({
      stakeholder_id: 's1',
      occurred_at: new Date(2026, 2, 2, 9, 30).toISOString(),
      tone: -1,
      duration_minutes: 25,
      ratings: { authenticity: 4, empathy: 5 },
      topics: ['staffing'],
      next_contact_on: null,
    });
    expect(body.ratings).not.toHaveProperty('competence');
  });
});

describe('records raised in it', () => {
  it('point at the conversation and its stakeholder', () => {
    const concern = { ...newConcern(), text: ' Rota gaps ', severity: '3', cfir_domain: 'inner_setting' as const, cfir_construct: 'available_resources' as const };
    expect(concernRequest(concern, ctx)).toEqual({
      stakeholder_id: 's1',
      conversation_id: 'c1',
      text: 'Rota gaps',
      severity: 3,
      cfir_domain: 'inner_setting',
      cfir_construct: 'available_resources',
    });
  });

  it('take the conversation time as when a signal was observed, with the fields of its kind', () => {
    const adkar = { ...newSignal(), kind: 'adkar' as const, adkar: { awareness: '4', desire: null, knowledge: '2', ability: null, reinforcement: null } };
    expect(signalRequest(adkar, ctx)).toEqual({
      stakeholder_id: 's1',
      observed_at: ctx.occurredAt,
      source: 'observed',
      note: '',
      kind: 'adkar',
      awareness: 4,
      desire: null,
      knowledge: 2,
      ability: null,
      reinforcement: null,
    });
    const champion = { ...newSignal(), facet: 'ownership', intensity: '3' };
    expect(signalRequest(champion, ctx)).toMatchObject({ kind: 'champion_behavior', facet: 'ownership', intensity: 3 });
  });
});

describe('validateLog', () => {
  it('names each missing field by its form path', () => {
    const v = log({ stakeholder_id: null, occurred_at: '2999-01-01T00:00', next_contact_scheduled: true });
    v.concerns = [newConcern()];
    v.signals = [{ ...newSignal(), kind: 'peer_nomination', nominated_by_id: null }, { ...newSignal(), kind: 'adkar' }];
    expect(validateLog(v, new Date(2026, 2, 2))).toEqual({
      'conversation.stakeholder_id': 'Choose who the conversation was with',
      'conversation.occurred_at': 'Cannot be in the future',
      'conversation.next_contact_on': 'Give the date of the booked contact',
      'concerns.0.text': 'Describe the concern, or remove it',
      'signals.0.nominated_by_id': 'Choose who nominated them',
      'signals.1.adkar.awareness': 'Rate at least one of the five',
    });
  });

  it('passes a complete entry', () => {
    expect(validateLog(log({ occurred_at: '2026-03-01T10:00' }), new Date(2026, 2, 2))).toEqual({});
  });
});

describe('isBlank', () => {
  it('is true only before anything is entered', () => {
    expect(isBlank(emptyLog())).toBe(true);
    expect(isBlank(log())).toBe(false);
  });
});

describe('personChoices', () => {
  const options = [
    { value: 's1', label: 'Zoe Park' },
    { value: 's2', label: 'Ada Obi (Consultant)' },
    { value: 's3', label: 'Mo Reyes' },
    { value: 's4', label: 'Ben Hale' },
  ];

  it('puts those due a one-on-one first, most pressing first, then everyone else A to Z', () => {
    // s9 is due but no longer an active option (archived since): left out.
    expect(personChoices(options, ['s3', 's9', 's1'])).toEqual([
      { group: 'Due a one-on-one', items: [options[2], options[0]] },
      { group: 'Everyone else', items: [options[1], options[3]] },
    ]);
  });

  it('lists everyone A to Z when nobody is due, or the list is not there', () => {
    const az = [options[1], options[3], options[2], options[0]];
    expect(personChoices(options, [])).toEqual(az);
    expect(personChoices(options, undefined)).toEqual(az);
    expect(personChoices(options, ['s9'])).toEqual(az);
  });
});

describe('editing a logged conversation', () => {
  const logged = {
    id: 'c1', workspace_id: 'w1', stakeholder_id: 's1', created_at: '2026-11-11T16:30:00Z', updated_at: '2026-11-11T16:30:00Z',
    occurred_at: '2026-11-11T16:22:37.123456Z', held_by: 'u1', mode: 'in_person', duration_minutes: 30, summary: 'Talked it through',
    private: false, tone: -2, ratings: { authenticity: null, competence: 3, empathy: null }, topics: ['training'], next_contact_on: null,
    next_contact_scheduled: false,
  } as Conversation;

  it('sends only what changed; a time shown to the minute and left alone is not sent', () => {
    const before = conversationValuesOf(logged);
    expect(conversationChanges(before, before)).toEqual({});
    const after = { ...before, tone: '1', summary: ' Better than it looked ', ratings: { ...before.ratings, empathy: '4' } };
    expect(conversationChanges(before, after)).toEqual({
      tone: 1,
      summary: 'Better than it looked',
      ratings: { competence: 3, empathy: 4 },
    });
  });

  it('never sends a summary it could not see', () => {
    const hidden = { ...logged, private: true, summary: null } as Conversation;
    const before = conversationValuesOf(hidden);
    expect(before.summary).toBe('');
    expect(conversationChanges(before, { ...before, summary: 'x', private: false, tone: '0' }, true)).toEqual({ tone: 0 });
  });
});
