import type { Role } from '../../api/types';

export const ROLE_LABELS: Record<Role, string> = { owner: 'Owner', lead: 'Lead', viewer: 'Viewer' };

export const ROLE_HELP: Record<Role, string> = {
  owner: 'Everything, including members, tokens and settings',
  lead: 'Reads and writes all records',
  viewer: 'Reads the champion map and aggregates; no notes or concern details',
};
