// Names for the generated shapes, so features never spell an API type by hand.
import type { components, operations } from './schema';

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
export type ImportReport = Schemas['ImportReport'];
export type RowError = Schemas['RowError'];

// Records that come out of one-on-one conversations.
export type Conversation = Schemas['ConversationPublic'];
export type ConversationUpdate = Schemas['ConversationUpdate'];
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

// Scores, insights and scoring settings, as openapi-fetch hands responses over: its Readable<T>
// maps tuples such as `champion_interval: [low, high]` to arrays, so these do too.
type AsRead<T> = T extends (infer E)[] ? AsRead<E>[] : T extends object ? { [K in keyof T]: AsRead<T[K]> } : T;
export type Score = AsRead<Schemas['Score']>;
export type ScoreExplained = AsRead<Schemas['ScoreExplained']>;
export type Category = Schemas['Score']['category'];
export type ScoreListQuery = NonNullable<operations['list_scores']['parameters']['query']>;
export type ScoreExportQuery = NonNullable<operations['export_scores_csv']['parameters']['query']>;
/** `name`, `-champion_score`…: a key, descending with a leading minus. */
export type ScoreSort = NonNullable<ScoreListQuery['sort']>;
export type Contribution = AsRead<Schemas['ContributionOut']>;
export type Explanation = AsRead<Schemas['ExplanationOut']>;
export type TrustInput = AsRead<Schemas['TrustInputOut']>;
export type Trust = AsRead<Schemas['Trust']>;
export type Reason = AsRead<Schemas['Reason']>;
export type HistoryPoint = AsRead<Schemas['HistoryPoint']>;
export type NextAction = AsRead<Schemas['NextAction']>;
export type NextActions = AsRead<Schemas['NextActions']>;
export type LapsedOneOnOne = AsRead<Schemas['LapsedOneOnOne']>;
export type TeamInsight = AsRead<Schemas['TeamInsight']>;
export type Challenges = AsRead<Schemas['Challenges']>;
export type ChallengeGroup = AsRead<Schemas['ChallengeGroup']>;
export type Focus = AsRead<Schemas['Focus']>;
export type FocusIn = Schemas['FocusIn'];
export type TrendWeek = AsRead<Schemas['TrendWeek']>;
export type ScoringSettings = AsRead<Schemas['SettingsOut']>;
export type ScoringSettingsSaved = AsRead<Schemas['SettingsSaved']>;
export type TimelineItem = AsRead<Schemas['TimelinePage']['items'][number]>;
export type Concern = AsRead<Schemas['ConcernPublic']>;
export type Commitment = AsRead<Schemas['CommitmentPublic']>;
export type CommitmentUpdate = Schemas['CommitmentUpdate'];
export type Acknowledgement = AsRead<Schemas['AcknowledgementPublic']>;
export type AcknowledgementUpdate = Schemas['AcknowledgementUpdate'];
/** A signal as the timeline shows it: one of the kinds, each with its own fields. */
export type Signal = Extract<TimelineItem, { type: 'signal' }>['record'];
export type SignalUpdate = Schemas['SignalUpdate'];
export type ConcernStatus = Schemas['ConcernStatus'];
/** One change in the workspace's feed, as the activity page reads it. */
export type ActivityEvent = Schemas['EventPublic'];
export type ConcernUpdate = Schemas['ConcernUpdate'];

// Webhooks (owners only).
export type Webhook = Schemas['WebhookPublic'];
export type WebhookCreated = Schemas['WebhookCreated'];
export type WebhookCreate = Schemas['WebhookCreate'];
export type WebhookUpdate = Schemas['WebhookUpdate'];
export type WebhookDelivery = Schemas['DeliveryPublic'];
