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

// Records that come out of one-on-one conversations.
export type Conversation = Schemas['ConversationPublic'];
export type ConversationCreate = Schemas['ConversationCreate'];
export type ConversationMode = Schemas['ConversationMode'];
export type Ratings = Schemas['Ratings'];
export type ConcernCreate = Schemas['ConcernCreate'];
export type CfirDomain = Schemas['CfirDomain'];
export type CfirConstruct = Schemas['CfirConstruct'];
export type CommitmentCreate = Schemas['CommitmentCreate'];
export type CommitmentOwner = Schemas['CommitmentOwner'];
export type AcknowledgementCreate = Schemas['AcknowledgementCreate'];
export type AcknowledgementSetting = Schemas['AcknowledgementSetting'];
export type SignalCreate =
  | Schemas['ChampionBehaviorCreate']
  | Schemas['ResistanceBehaviorCreate']
  | Schemas['ReadinessCheckCreate']
  | Schemas['StageOfChangeCreate']
  | Schemas['AdkarCreate']
  | Schemas['PeerNominationCreate']
  | Schemas['QuickWinCreate'];
export type SignalKind = Schemas['SignalKind'];
export type SignalSource = Schemas['SignalSource'];
export type ChampionFacet = Schemas['ChampionFacet'];
export type ResistanceFacet = Schemas['ResistanceFacet'];
export type Stage = Schemas['Stage'];
