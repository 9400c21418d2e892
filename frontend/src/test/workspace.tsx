import type { ReactNode } from 'react';
import { accessFor, WorkspaceContext } from '../features/workspaces/context';
import { testWorkspace } from './utils';

export function InWorkspace({ role, children }: { role: 'owner' | 'lead' | 'viewer'; children: ReactNode }) {
  return <WorkspaceContext.Provider value={accessFor(testWorkspace(role))}>{children}</WorkspaceContext.Provider>;
}
