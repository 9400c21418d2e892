// Names for the generated shapes, so features never spell an API type by hand.
import type { components } from './schema';

type Schemas = components['schemas'];

export type User = Schemas['UserPublic'];
export type Workspace = Schemas['WorkspacePublic'];
export type WorkspaceCreate = Schemas['WorkspaceCreate'];
export type Role = NonNullable<Workspace['role']>;
export type Member = Schemas['MemberPublic'];
export type MemberCreate = Schemas['MemberCreate'];
export type Team = Schemas['TeamPublic'];
export type TeamCreate = Schemas['TeamCreate'];
export type TeamUpdate = Schemas['TeamUpdate'];
export type Stakeholder = Schemas['StakeholderPublic'];
export type StakeholderCreate = Schemas['StakeholderCreate'];
export type StakeholderUpdate = Schemas['StakeholderUpdate'];
export type RoleType = Schemas['RoleType'];
export type Token = Schemas['TokenPublic'];
export type TokenCreated = Schemas['TokenCreated'];
export type TokenCreate = Schemas['TokenCreate'];
export type TokenScope = Token['scope'];
