import { describe, expect, it } from 'vitest';
import type { Commitment } from '../../api/types';
import { commitmentChanges } from './EditCommitmentDialog';

const logged = {
  id: 'm1', workspace_id: 'w1', stakeholder_id: 's1', conversation_id: null, created_at: '', updated_at: '',
  description: 'Send the flowchart', owner: 'team', due_on: '2026-11-20', status: 'open', status_changed_at: '',
} as Commitment;

describe('commitmentChanges', () => {
  it('is empty when nothing changed, trimming aside', () => {
    expect(commitmentChanges(logged, { description: ' Send the flowchart ', owner: 'team', due_on: '2026-11-20' })).toEqual({});
  });

  it('sends what changed, and a cleared due date as null', () => {
    expect(commitmentChanges(logged, { description: 'Send the new flowchart', owner: 'stakeholder', due_on: '' })).toEqual({
      description: 'Send the new flowchart',
      owner: 'stakeholder',
      due_on: null,
    });
  });
});
