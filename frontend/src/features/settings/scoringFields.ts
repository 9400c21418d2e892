/**
 * How the scoring settings form lays out the API's keys (SCORING.md, by section). The API owns
 * the keys, values, defaults and ranges; this only gives them a heading, a label and a step. A key
 * the API adds later still shows, under "Other".
 */
export interface FieldGroup {
  title: string;
  help: string;
  fields: [key: string, label: string][];
}

export const FIELD_GROUPS: FieldGroup[] = [
  {
    title: 'Evidence weights',
    help: 'How much each kind of record counts (w), and how strongly it pulls a score (the multipliers, 0 to 1).',
    fields: [
      ['champion_behavior_weight', 'Champion behaviour: weight'],
      ['resistance_behavior_weight', 'Resistance behaviour: weight'],
      ['readiness_weight', 'Readiness check: weight'],
      ['readiness_multiplier', 'Readiness check: multiplier'],
      ['stage_weight', 'Stage of change: weight'],
      ['stage_multiplier', 'Stage of change: multiplier'],
      ['adkar_weight', 'ADKAR check: weight'],
      ['adkar_multiplier', 'ADKAR check: multiplier'],
      ['conversation_weight', 'Conversation: weight'],
      ['conversation_champion_multiplier', 'Conversation: champion multiplier'],
      ['conversation_reluctance_multiplier', 'Conversation: reluctance multiplier'],
      ['concern_weight', 'Concern: weight'],
      ['concern_multiplier', 'Concern: multiplier'],
      ['concern_factor_open', 'Concern factor: open'],
      ['concern_factor_being_addressed', 'Concern factor: being addressed'],
      ['concern_factor_resolved', 'Concern factor: resolved'],
      ['concern_factor_dismissed', 'Concern factor: dismissed'],
    ],
  },
  {
    title: 'Half-lives and priors',
    help: 'Old evidence fades: after one half-life a record counts half. The prior is what a score assumes before any evidence.',
    fields: [
      ['stance_half_life_days', 'Stance half-life (days)'],
      ['trust_half_life_days', 'Trust half-life (days)'],
      ['prior_mass', 'Prior mass'],
      ['prior_mean', 'Prior mean (0 to 1)'],
      ['credible_interval', 'Credible interval (0 to 1)'],
    ],
  },
  {
    title: 'Category thresholds',
    help: 'Tested in order: unknown, ambivalent, champion, reluctant, supporter, hesitant, neutral. Scores are points out of 100.',
    fields: [
      ['unknown_evidence_below', 'Unknown: evidence below'],
      ['unknown_window_days', 'Unknown: no record within (days)'],
      ['ambivalent_champion_min', 'Ambivalent: champion from'],
      ['ambivalent_reluctance_min', 'Ambivalent: reluctance from'],
      ['champion_min', 'Champion: champion from'],
      ['champion_reluctance_below', 'Champion: reluctance below'],
      ['champion_confidence_min', 'Champion: confidence from'],
      ['champion_behavior_window_days', 'Champion: behaviour within (days)'],
      ['reluctant_min', 'Reluctant: reluctance from'],
      ['reluctant_confidence_min', 'Reluctant: confidence from'],
      ['supporter_min', 'Supporter: champion from'],
      ['hesitant_min', 'Hesitant: reluctance from'],
    ],
  },
  {
    title: 'Trust',
    help: 'Authenticity, competence and empathy, each from its own records; a factor with evidence below the wobble line wobbles.',
    fields: [
      ['trust_prior_mass', 'Prior mass'],
      ['trust_prior_mean', 'Prior mean (0 to 1)'],
      ['trust_rating_weight', 'Conversation rating: weight'],
      ['trust_concern_weight', 'Candid concern: weight'],
      ['trust_acknowledgement_weight', 'Acknowledgement: weight'],
      ['trust_commitment_weight', 'Our commitment kept or broken: weight'],
      ['trust_quick_win_weight', 'Quick win: weight'],
      ['acknowledgement_monthly_cap', 'Acknowledgements counted per month'],
      ['commitment_overdue_grace_days', 'Commitment overdue after (days)'],
      ['trust_unknown_evidence_below', 'Unknown: evidence below'],
      ['trust_developing_from', 'Developing from'],
      ['trust_established_from', 'Established from'],
      ['trust_high_from', 'High from'],
      ['trust_wobble_below', 'Wobble below'],
      ['trust_wobble_min_evidence', 'Wobble: evidence at least'],
    ],
  },
  {
    title: 'Influence',
    help: 'From the CFIR role, plus a bonus for each peer nomination.',
    fields: [
      ['influence_high_level_leader', 'High-level leader'],
      ['influence_opinion_leader', 'Opinion leader'],
      ['influence_mid_level_leader', 'Mid-level leader'],
      ['influence_default', 'Anyone else'],
      ['nomination_bonus', 'Bonus per nomination'],
      ['nomination_cap', 'Nominations counted, at most'],
      ['nomination_window_days', 'Nominations within (days)'],
    ],
  },
  {
    title: 'Needs a one-on-one',
    help: 'The rules R1 to R5 that flag someone for a conversation.',
    fields: [
      ['r1_window_days', 'R1: no one-on-one within (days)'],
      ['r2_min_age_days', 'R2: concern open for (days)'],
      ['r2_severity', 'R2: severity'],
      ['r4_gap_at_most', 'R4: ADKAR gap at most'],
      ['r5_min_influence', 'R5: influence from'],
      ['r5_window_days', 'R5: no one-on-one within (days)'],
      ['scheduled_window_days', 'Not flagged when one is scheduled within (days)'],
    ],
  },
];

/** The form's groups for the keys the API sent: listed ones in order, then any others. */
export function layout(keys: string[]): FieldGroup[] {
  const known = new Set(FIELD_GROUPS.flatMap((g) => g.fields.map(([k]) => k)));
  const present = new Set(keys);
  const groups = FIELD_GROUPS.map((g) => ({ ...g, fields: g.fields.filter(([k]) => present.has(k)) })).filter((g) => g.fields.length > 0);
  const other = keys.filter((k) => !known.has(k));
  if (other.length > 0) groups.push({ title: 'Other', help: 'Settings this form has no label for yet.', fields: other.map((k) => [k, k.replace(/_/g, ' ')]) });
  return groups;
}

/** Only the keys whose value differs from the default: a saved version records intent, not noise. */
export function changedFrom(values: Record<string, number>, defaults: Record<string, unknown>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).filter(([k, v]) => defaults[k] !== v));
}
