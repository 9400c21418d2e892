import type { ConcernStatus } from '../../api/types';

export const CONCERN_STATUS_LABELS: Record<ConcernStatus, string> = {
  open: 'Open',
  being_addressed: 'Being addressed',
  resolved: 'Resolved',
  dismissed: 'Dismissed',
};

export const CONCERN_STATUSES = Object.keys(CONCERN_STATUS_LABELS) as ConcernStatus[];

export const SEVERITY_LABELS: Record<number, string> = { 1: 'Minor', 2: 'Significant', 3: 'Blocking' };
export const SEVERITY_COLORS: Record<number, string> = { 1: 'gray', 2: 'orange', 3: 'red' };
