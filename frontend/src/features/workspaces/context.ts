import { createContext, useContext } from 'react';
import type { Role, Workspace } from '../../api/types';

export interface WorkspaceAccess {
  workspace: Workspace;
  role: Role | null;
  /** Owners and leads write records; viewers only read. */
  canWrite: boolean;
  /** Only owners manage members, tokens and settings. */
  isOwner: boolean;
}

export const WorkspaceContext = createContext<WorkspaceAccess | null>(null);

export function accessFor(workspace: Workspace): WorkspaceAccess {
  const role = workspace.role ?? null;
  return { workspace, role, canWrite: role === 'owner' || role === 'lead', isOwner: role === 'owner' };
}

/** The workspace of the current /w/:workspaceId page, with what the caller may do in it. */
export function useCurrentWorkspace(): WorkspaceAccess {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error('useCurrentWorkspace() outside a workspace page');
  return value;
}
