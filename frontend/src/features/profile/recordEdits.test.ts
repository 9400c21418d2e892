import { describe, expect, it } from 'vitest';
import type { Acknowledgement, Commitment, Concern, Signal } from '../../api/types';
import {
  acknowledgementChanges,
  acknowledgementValuesOf,
  commitmentChanges,
  commitmentValuesOf,
  concernChanges,
  concernValuesOf,
  signalChanges,
  signalValuesOf,
} from './recordEdits';

const base = { workspace_id: 'w1', stakeholder_id: 's1', created_at: '', updated_at: '' };

const commitment = {
  ...base, id: 'm1', conversation_id: null, description: 'Send the flowchart', owner: 'team', due_on: '2026-11-20', status: 'open', status_changed_at: '',
} as Commitment;

describe('commitmentChanges', () => {
  const logged = commitmentValuesOf(commitment);

  it('is empty when nothing changed, trimming aside', () => {
    expect(commitmentChanges(logged, { ...logged, description: ' Send the flowchart ' })).toEqual({});
  });

  it('sends what changed, and a cleared due date as null', () => {
    expect(commitmentChanges(logged, { ...logged, description: 'Send the new flowchart', owner: 'stakeholder', due_on: '' })).toEqual({
      description: 'Send the new flowchart',
      owner: 'stakeholder',
      due_on: null,
    });
  });
});

describe('concernChanges', () => {
  const concern = {
    ...base, id: 'k1', conversation_id: 'c1', raised_at: '2026-11-10T09:00:00Z', text: 'Too much paperwork', severity: 2,
    cfir_domain: 'inner_setting', cfir_construct: 'available_resources', status: 'open', status_changed_at: '', resolution_note: '',
    loop_closed_on: null, status_history: [],
  } as Concern;
  const logged = concernValuesOf(concern);

  it('reads the concern back as the form shows it', () => {
    expect(logged).toEqual({ key: 'k1', text: 'Too much paperwork', severity: '2', cfir_domain: 'inner_setting', cfir_construct: 'available_resources' });
    expect(concernChanges(logged, { ...logged })).toEqual({});
  });

  it('sends the new wording and severity, never the person or the conversation', () => {
    expect(concernChanges(logged, { ...logged, text: 'Paperwork on nights ', severity: '3' })).toEqual({ text: 'Paperwork on nights', severity: 3 });
  });

  it('clears the construct with the domain', () => {
    expect(concernChanges(logged, { ...logged, cfir_domain: null })).toEqual({ cfir_domain: null, cfir_construct: null });
  });
});

describe('acknowledgementChanges', () => {
  const ack = {
    ...base, id: 'a1', acknowledged_at: '2026-11-09T15:45:31.250Z', area: 'Run charts', setting: 'team_meeting', acknowledged_by: null, note: '',
  } as Acknowledgement;
  const logged = acknowledgementValuesOf(ack);

  it('does not send back a time shown to the minute and left alone', () => {
    expect(acknowledgementChanges(logged, { ...logged, note: 'At the huddle' })).toEqual({ note: 'At the huddle' });
  });

  it('sends a time that was changed', () => {
    const at = logged.at.replace(/T\d\d:\d\d$/, 'T08:30');
    expect(acknowledgementChanges(logged, { ...logged, at })).toEqual({ acknowledged_at: new Date(at).toISOString() });
  });
});

describe('signalValuesOf and signalChanges', () => {
  const at = '2026-11-08T12:00:00Z';
  const signals = [
    { kind: 'champion_behavior', facet: 'enthusiasm', intensity: 2 },
    { kind: 'resistance_behavior', facet: 'emotional', intensity: 3 },
    { kind: 'readiness_check', commitment: 3, efficacy: 2.5 },
    { kind: 'stage_of_change', stage: 'preparation' },
    { kind: 'adkar', awareness: 4, desire: 2, knowledge: null, ability: null, reinforcement: null },
    { kind: 'peer_nomination', nominated_by_id: 's2' },
    { kind: 'quick_win' },
  ].map((fields, i) => ({ ...base, id: `g${i}`, observed_at: at, source: 'observed', note: 'seen', ...fields }) as Signal);

  it.each(signals.map((s) => [s.kind, s] as const))('reads a %s back so that nothing counts as changed', (_, signal) => {
    const logged = signalValuesOf(signal);
    expect(logged.kind).toBe(signal.kind);
    expect(signalChanges('s1', logged, { ...logged })).toEqual({});
  });

  it('sends a changed score and a cleared one (as null)', () => {
    const adkar = signalValuesOf(signals[4]!);
    const changed = signalChanges('s1', adkar, { ...adkar, adkar: { ...adkar.adkar, desire: null, knowledge: '3' } });
    expect(changed).toEqual({ desire: null, knowledge: 3 });
  });

  it('sends a champion behaviour’s new intensity and source', () => {
    const seen = signalValuesOf(signals[0]!);
    expect(seen).toMatchObject({ facet: 'enthusiasm', intensity: '2', source: 'observed', note: 'seen' });
    expect(signalChanges('s1', seen, { ...seen, intensity: '3', source: 'self_reported' })).toEqual({ intensity: 3, source: 'self_reported' });
  });
});
