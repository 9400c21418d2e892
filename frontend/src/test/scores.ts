import type { Score } from '../api/types';

/** A lead's view of one reading; override what the test is about. */
export function score(over: Partial<Score> = {}): Score {
  return {
    stakeholder_id: 's1',
    name: 'Dr Ada Obi',
    team_id: 't1',
    role_type: 'opinion_leader',
    champion_score: 68.9,
    reluctance_score: 4.1,
    confidence: 0.74,
    champion_interval: [55.2, 81.3],
    category: 'champion',
    influence: 1.5,
    influence_is_manual: false,
    trust: { level: 'established', score: 66, authenticity: 60, competence: 70, empathy: 68, wobble: [] },
    needs_one_on_one: false,
    reasons: [],
    suggestions: [],
    one_on_one_scheduled_on: null,
    as_of: '2026-11-26T10:00:00Z',
    ...over,
  };
}
