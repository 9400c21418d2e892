import type { RoleType, Stakeholder, StakeholderCreate, StakeholderUpdate } from '../../api/types';

/** What the form edits; NumberInput gives '' when empty, the API wants null. */
export interface StakeholderValues {
  name: string;
  title: string;
  team_id: string | null;
  role_type: RoleType;
  discipline: string;
  email: string;
  tags: string[];
  influence_manual: number | string;
  archived: boolean;
}

export const STAKEHOLDER_FIELDS = [
  'name',
  'title',
  'team_id',
  'role_type',
  'discipline',
  'email',
  'tags',
  'influence_manual',
  'archived',
] as const satisfies readonly (keyof StakeholderValues & keyof StakeholderCreate)[];

export function valuesFrom(s?: Stakeholder): StakeholderValues {
  return {
    name: s?.name ?? '',
    title: s?.title ?? '',
    team_id: s?.team_id ?? null,
    role_type: s?.role_type ?? 'other',
    discipline: s?.discipline ?? '',
    email: s?.email ?? '',
    tags: s?.tags ?? [],
    influence_manual: s?.influence_manual ?? '',
    archived: s?.archived ?? false,
  };
}

export function toBody(v: StakeholderValues): Required<StakeholderCreate> {
  const influence = v.influence_manual === '' ? null : Number(v.influence_manual);
  return {
    name: v.name.trim(),
    title: v.title.trim(),
    team_id: v.team_id || null,
    role_type: v.role_type,
    discipline: v.discipline.trim(),
    email: v.email.trim() || null,
    tags: v.tags.map((t) => t.trim()).filter(Boolean),
    influence_manual: influence === null || Number.isNaN(influence) ? null : influence,
    archived: v.archived,
  };
}

/** PATCH sends only what changed, so a concurrent edit of another field is not overwritten. */
export function changedFields(before: Stakeholder, values: StakeholderValues): StakeholderUpdate {
  const after = toBody(values);
  const original = toBody(valuesFrom(before));
  const patch: Record<string, unknown> = {};
  for (const key of STAKEHOLDER_FIELDS) {
    if (JSON.stringify(after[key]) !== JSON.stringify(original[key])) patch[key] = after[key];
  }
  return patch as StakeholderUpdate;
}

export function validate(v: StakeholderValues): Partial<Record<keyof StakeholderValues, string>> {
  const errors: Partial<Record<keyof StakeholderValues, string>> = {};
  if (!v.name.trim()) errors.name = 'Enter a name';
  else if (v.name.trim().length > 200) errors.name = 'At most 200 characters';
  if (v.email.trim() && !/^[^@\s]+@[^@\s]+$/.test(v.email.trim())) errors.email = 'Enter a valid email address, or leave it empty';
  if (v.influence_manual !== '') {
    const n = Number(v.influence_manual);
    if (Number.isNaN(n) || n < 1 || n > 2) errors.influence_manual = 'Between 1.0 and 2.0, or empty to use the computed influence';
  }
  if (v.tags.length > 30) errors.tags = 'At most 30 tags';
  else if (v.tags.some((t) => t.length > 60)) errors.tags = 'Each tag at most 60 characters';
  return errors;
}
