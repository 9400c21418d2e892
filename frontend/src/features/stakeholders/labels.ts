import type { RoleType } from '../../api/types';

/** CFIR 2.0 implementation roles, in the order the framework lists them. */
export const ROLE_TYPE_LABELS: Record<RoleType, string> = {
  high_level_leader: 'High-level leader',
  mid_level_leader: 'Mid-level leader',
  opinion_leader: 'Opinion leader',
  implementation_facilitator: 'Implementation facilitator',
  implementation_lead: 'Implementation lead',
  implementation_team_member: 'Implementation team member',
  innovation_deliverer: 'Innovation deliverer',
  innovation_recipient: 'Innovation recipient',
  other: 'Other',
};

export const ROLE_TYPE_OPTIONS = (Object.keys(ROLE_TYPE_LABELS) as RoleType[]).map((value) => ({
  value,
  label: ROLE_TYPE_LABELS[value],
}));

export function isRoleType(value: string | null): value is RoleType {
  return value !== null && value in ROLE_TYPE_LABELS;
}

/** Suggestions only: discipline is free text. */
export const DISCIPLINE_SUGGESTIONS = ['QI', 'Nursing', 'Medicine', 'Administration', 'Pharmacy', 'Allied health', 'Implementation science'];
