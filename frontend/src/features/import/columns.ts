import type { ConversationMode, RoleType } from '../../api/types';
import { MODE_LABELS } from '../conversations/vocab';
import { ROLE_TYPE_LABELS } from '../stakeholders/labels';

/** What a CSV file can hold: the two resources the import endpoints take. */
export type ImportKind = 'stakeholders' | 'conversations';

export interface ImportColumn {
  name: string;
  required: boolean;
  /** What goes in the cell, in a few words. */
  help: string;
  /** A plausible value, for the template's example row. */
  example: string;
}

const list = (values: string[]) => values.map((v) => `\`${v}\``).join(', ');
const ROLE_TYPES = Object.keys(ROLE_TYPE_LABELS) as RoleType[];
const MODES = Object.keys(MODE_LABELS) as ConversationMode[];

// The columns of POST .../import/{stakeholders,conversations}, as the API documents them.
export const IMPORT_COLUMNS: Record<ImportKind, ImportColumn[]> = {
  stakeholders: [
    { name: 'name', required: true, help: 'Full name', example: 'Dana Whitfield' },
    { name: 'title', required: false, help: 'Job title', example: 'Charge nurse' },
    {
      name: 'team',
      required: false,
      help: 'A team’s name (any case and accents) or id. Teams are not created: add them on the Teams page first.',
      example: 'Emergency department',
    },
    { name: 'role_type', required: false, help: `One of ${list(ROLE_TYPES)}; blank means \`other\``, example: 'opinion_leader' },
    { name: 'discipline', required: false, help: 'For example QI, nursing, medicine, administration', example: 'nursing' },
    { name: 'email', required: false, help: 'Lets a conversations file name this person', example: 'dana.whitfield@example.org' },
    { name: 'tags', required: false, help: 'Separated by `;`', example: 'night shift;sepsis' },
    { name: 'influence_manual', required: false, help: 'Overrides the computed influence: 1.0 to 2.0', example: '' },
    { name: 'archived', required: false, help: '`true` or `false` (default)', example: 'false' },
  ],
  conversations: [
    {
      name: 'stakeholder',
      required: true,
      help: 'The person’s email, id, or name, in any case and with or without accents (when only one person has it)',
      example: 'dana.whitfield@example.org',
    },
    { name: 'occurred_at', required: true, help: 'ISO 8601 with a time zone, not in the future', example: '2026-03-14T10:30:00Z' },
    { name: 'tone', required: true, help: '−2 (hostile) to 2 (warm)', example: '1' },
    { name: 'held_by', required: false, help: 'A member’s email or user id; blank means you', example: '' },
    { name: 'mode', required: false, help: `One of ${list(MODES)}`, example: 'in_person' },
    { name: 'duration_minutes', required: false, help: 'Whole minutes', example: '20' },
    { name: 'summary', required: false, help: 'What was said', example: 'Worried about the extra lactate draws on nights.' },
    { name: 'private', required: false, help: '`true` shows the summary to the person who held it only', example: 'false' },
    { name: 'authenticity', required: false, help: 'Trust rating, 1 to 5', example: '4' },
    { name: 'competence', required: false, help: 'Trust rating, 1 to 5', example: '' },
    { name: 'empathy', required: false, help: 'Trust rating, 1 to 5', example: '' },
    { name: 'topics', required: false, help: 'Separated by `;`', example: 'workload;lactate' },
    { name: 'next_contact_on', required: false, help: 'A date, YYYY-MM-DD', example: '' },
    { name: 'next_contact_scheduled', required: false, help: '`true` when it is booked (needs next_contact_on)', example: 'false' },
  ],
};

/** A CSV template: the header row only, so no example can be imported by mistake. */
export function templateCsv(kind: ImportKind): string {
  return IMPORT_COLUMNS[kind].map((c) => c.name).join(',') + '\r\n';
}
