import type {
  AcknowledgementSetting,
  CfirConstruct,
  CfirDomain,
  ChampionFacet,
  CommitmentOwner,
  ConversationMode,
  ResistanceFacet,
  SignalKind,
  SignalSource,
  Stage,
} from '../../api/types';

// Records typed against the generated enums: a value the API adds or drops fails `tsc`.
const options = <T extends string>(labels: Record<T, string>) =>
  (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }));

export const MODE_LABELS: Record<ConversationMode, string> = {
  in_person: 'In person',
  video: 'Video',
  phone: 'Phone',
  other: 'Other',
};

export const TONES = [
  { value: '-2', label: '−2 Hostile' },
  { value: '-1', label: '−1 Cool' },
  { value: '0', label: '0 Neutral' },
  { value: '1', label: '+1 Warm' },
  { value: '2', label: '+2 Very warm' },
];

export const SEVERITIES = [
  { value: '1', label: '1 Minor' },
  { value: '2', label: '2 Significant' },
  { value: '3', label: '3 Blocking' },
];

export const SETTING_LABELS: Record<AcknowledgementSetting, string> = {
  one_on_one: 'One-on-one',
  team_meeting: 'Team meeting',
  asked_for_advice: 'Asked for their advice',
  public_credit: 'Public credit',
};

export const OWNER_LABELS: Record<CommitmentOwner, string> = {
  team: 'We (the implementation team)',
  stakeholder: 'They (the stakeholder)',
};

export const SIGNAL_KIND_LABELS: Record<SignalKind, string> = {
  champion_behavior: 'Champion behaviour',
  resistance_behavior: 'Resistance behaviour',
  readiness_check: 'Readiness check (commitment and efficacy)',
  stage_of_change: 'Stage of change',
  adkar: 'ADKAR check',
  peer_nomination: 'Peer nomination',
  quick_win: 'Quick win shared',
};

export const SOURCE_LABELS: Record<SignalSource, string> = {
  observed: 'Observed',
  self_reported: 'Self-reported',
  survey: 'Survey',
};

export const CHAMPION_FACET_LABELS: Record<ChampionFacet, string> = {
  enthusiasm: 'Enthusiasm',
  persistence: 'Persistence',
  involving_others: 'Involving others',
  ownership: 'Ownership',
  presence: 'Presence',
  persuasiveness: 'Persuasiveness',
};

export const RESISTANCE_FACET_LABELS: Record<ResistanceFacet, string> = {
  cognitive: 'Cognitive (doubts the case)',
  emotional: 'Emotional (worry, frustration)',
  behavioral: 'Behavioural (avoids, works around)',
};

export const STAGE_LABELS: Record<Stage, string> = {
  precontemplation: 'Precontemplation',
  contemplation: 'Contemplation',
  preparation: 'Preparation',
  action: 'Action',
  maintenance: 'Maintenance',
};

export const ADKAR_FIELDS = ['awareness', 'desire', 'knowledge', 'ability', 'reinforcement'] as const;

export const CFIR_DOMAIN_LABELS: Record<CfirDomain, string> = {
  innovation: 'Innovation',
  outer_setting: 'Outer setting',
  inner_setting: 'Inner setting',
  individuals: 'Individuals',
  implementation_process: 'Implementation process',
};

/** CFIR 2.0 (Damschroder et al. 2022): each domain's constructs, sub-constructs after theirs. */
export const CFIR_CONSTRUCTS = {
  innovation: {
    innovation_source: 'Innovation Source',
    innovation_evidence_base: 'Innovation Evidence-Base',
    innovation_relative_advantage: 'Innovation Relative Advantage',
    innovation_adaptability: 'Innovation Adaptability',
    innovation_trialability: 'Innovation Trialability',
    innovation_complexity: 'Innovation Complexity',
    innovation_design: 'Innovation Design',
    innovation_cost: 'Innovation Cost',
  },
  outer_setting: {
    critical_incidents: 'Critical Incidents',
    local_attitudes: 'Local Attitudes',
    local_conditions: 'Local Conditions',
    partnerships_and_connections: 'Partnerships & Connections',
    policies_and_laws: 'Policies & Laws',
    financing: 'Financing',
    external_pressure: 'External Pressure',
    societal_pressure: 'External Pressure: Societal Pressure',
    market_pressure: 'External Pressure: Market Pressure',
    performance_measurement_pressure: 'External Pressure: Performance-Measurement Pressure',
  },
  inner_setting: {
    structural_characteristics: 'Structural Characteristics',
    physical_infrastructure: 'Structural Characteristics: Physical Infrastructure',
    information_technology_infrastructure: 'Structural Characteristics: IT Infrastructure',
    work_infrastructure: 'Structural Characteristics: Work Infrastructure',
    relational_connections: 'Relational Connections',
    communications: 'Communications',
    culture: 'Culture',
    human_equality_centeredness: 'Culture: Human Equality-Centeredness',
    recipient_centeredness: 'Culture: Recipient-Centeredness',
    deliverer_centeredness: 'Culture: Deliverer-Centeredness',
    learning_centeredness: 'Culture: Learning-Centeredness',
    tension_for_change: 'Tension for Change',
    compatibility: 'Compatibility',
    relative_priority: 'Relative Priority',
    incentive_systems: 'Incentive Systems',
    mission_alignment: 'Mission Alignment',
    available_resources: 'Available Resources',
    funding: 'Available Resources: Funding',
    space: 'Available Resources: Space',
    materials_and_equipment: 'Available Resources: Materials & Equipment',
    access_to_knowledge_and_information: 'Access to Knowledge & Information',
  },
  individuals: {
    high_level_leaders: 'High-Level Leaders',
    mid_level_leaders: 'Mid-Level Leaders',
    opinion_leaders: 'Opinion Leaders',
    implementation_facilitators: 'Implementation Facilitators',
    implementation_leads: 'Implementation Leads',
    implementation_team_members: 'Implementation Team Members',
    other_implementation_support: 'Other Implementation Support',
    innovation_deliverers: 'Innovation Deliverers',
    innovation_recipients: 'Innovation Recipients',
    need: 'Need',
    capability: 'Capability',
    opportunity: 'Opportunity',
    motivation: 'Motivation',
  },
  implementation_process: {
    teaming: 'Teaming',
    assessing_needs: 'Assessing Needs',
    assessing_needs_innovation_deliverers: 'Assessing Needs: Innovation Deliverers',
    assessing_needs_innovation_recipients: 'Assessing Needs: Innovation Recipients',
    assessing_context: 'Assessing Context',
    planning: 'Planning',
    tailoring_strategies: 'Tailoring Strategies',
    engaging: 'Engaging',
    engaging_innovation_deliverers: 'Engaging: Innovation Deliverers',
    engaging_innovation_recipients: 'Engaging: Innovation Recipients',
    doing: 'Doing',
    reflecting_and_evaluating: 'Reflecting & Evaluating',
    reflecting_and_evaluating_implementation: 'Reflecting & Evaluating: Implementation',
    reflecting_and_evaluating_innovation: 'Reflecting & Evaluating: Innovation',
    adapting: 'Adapting',
  },
} as const satisfies Record<CfirDomain, Partial<Record<CfirConstruct, string>>>;

// Fails to compile if the API's construct list has one this table lacks.
type Listed = { [D in CfirDomain]: keyof (typeof CFIR_CONSTRUCTS)[D] }[CfirDomain];
const everyConstructListed: [Exclude<CfirConstruct, Listed>] extends [never] ? true : never = true;
void everyConstructListed;

export function constructOptions(domain: CfirDomain | null) {
  if (!domain) return [];
  return Object.entries(CFIR_CONSTRUCTS[domain]).map(([value, label]) => ({ value, label }));
}

export const MODE_OPTIONS = options(MODE_LABELS);
export const SETTING_OPTIONS = options(SETTING_LABELS);
export const OWNER_OPTIONS = options(OWNER_LABELS);
export const SIGNAL_KIND_OPTIONS = options(SIGNAL_KIND_LABELS);
export const SOURCE_OPTIONS = options(SOURCE_LABELS);
export const CHAMPION_FACET_OPTIONS = options(CHAMPION_FACET_LABELS);
export const RESISTANCE_FACET_OPTIONS = options(RESISTANCE_FACET_LABELS);
export const STAGE_OPTIONS = options(STAGE_LABELS);
export const CFIR_DOMAIN_OPTIONS = options(CFIR_DOMAIN_LABELS);

export const isOneOf = <T extends string>(labels: Record<T, string>, value: string | null): value is T =>
  value !== null && value in labels;
