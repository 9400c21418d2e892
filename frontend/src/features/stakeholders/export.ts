import type { Stakeholder, Team } from '../../api/types';
import type { CsvColumn } from '../../lib/csv';
import { ROLE_TYPE_LABELS } from './labels';

export function stakeholderCsvColumns(teams: readonly Team[]): CsvColumn<Stakeholder>[] {
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  return [
    { header: 'Name', value: (s) => s.name },
    { header: 'Title', value: (s) => s.title },
    { header: 'Team', value: (s) => (s.team_id ? (teamName.get(s.team_id) ?? s.team_id) : '') },
    { header: 'Role type', value: (s) => ROLE_TYPE_LABELS[s.role_type] },
    { header: 'Discipline', value: (s) => s.discipline },
    { header: 'Email', value: (s) => s.email },
    { header: 'Tags', value: (s) => s.tags.join('; ') },
    { header: 'Manual influence', value: (s) => s.influence_manual },
    { header: 'Archived', value: (s) => (s.archived ? 'yes' : 'no') },
    { header: 'Id', value: (s) => s.id },
    { header: 'Created at', value: (s) => s.created_at },
    { header: 'Updated at', value: (s) => s.updated_at },
  ];
}
