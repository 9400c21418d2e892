import type { ConcernStatus } from '../../api/types';

export const CONCERN_STATUS_LABELS: Record<ConcernStatus, string> = {
  open: 'Open',
  being_addressed: 'Being addressed',
  resolved: 'Resolved',
  dismissed: 'Dismissed',
};

export const CONCERN_STATUSES = Object.keys(CONCERN_STATUS_LABELS) as ConcernStatus[];
