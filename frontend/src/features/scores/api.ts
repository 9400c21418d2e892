import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { NDJSON, type ProgressLine, unwrapStreamed } from '../../api/ndjson';
import type { operations } from '../../api/schema';
import type { AcknowledgementCreate, AcknowledgementUpdate, CommitmentUpdate, ConcernCreate, ConcernUpdate, ConversationUpdate, FocusIn, ScoringSettingsSaved, SignalCreate, SignalUpdate, Stakeholder } from '../../api/types';
import { fetchAllPages, MAX_LIMIT } from '../../lib/pagination';
import { today } from '../../lib/format';

// Everything here hangs off ['ws', id]: saving a conversation invalidates that whole prefix, so
// every score, insight and list on screen refreshes after a new record.
const wsKey = (workspaceId: string) => ['ws', workspaceId] as const;
export const scoresKey = (workspaceId: string) => [...wsKey(workspaceId), 'scores'] as const;
const path = (workspaceId: string) => ({ path: { workspace_id: workspaceId } });

/** Largest page of readings the API serves: the whole map in one request. */
export const SCORES_LIMIT = 10_000;

/** Marks when the map's data arrived, so e2e/map-perf.spec.ts can time the render after it. */
function markArrival() {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark('rapport:scores-received');
}

/** Every active stakeholder's current reading (the champion map's data). */
export function useScores(workspaceId: string) {
  return useQuery({
    queryKey: scoresKey(workspaceId),
    queryFn: async () => {
      const items = await fetchAllPages((cursor) =>
        unwrap(
          api.GET('/api/v1/workspaces/{workspace_id}/scores', {
            params: { ...path(workspaceId), query: { limit: SCORES_LIMIT, cursor } },
          }),
        ),
      );
      markArrival();
      return items;
    },
  });
}

/** One stakeholder's reading with its explanation (not for viewers: 403). */
export function useStakeholderScore(workspaceId: string, stakeholderId: string, enabled = true) {
  return useQuery({
    queryKey: [...scoresKey(workspaceId), 'one', stakeholderId],
    enabled,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/workspaces/{workspace_id}/stakeholders/{stakeholder_id}/score', {
          params: { path: { workspace_id: workspaceId, stakeholder_id: stakeholderId } },
        }),
      ),
  });
}

function isoDay(d: Date) {
  return d.toISOString().slice(0, 10);
}

/** Weekly readings over the last `weeks` weeks. */
export function useScoreHistory(workspaceId: string, stakeholderId: string, weeks = 26, enabled = true) {
  return useQuery({
    queryKey: [...scoresKey(workspaceId), 'history', stakeholderId, weeks],
    enabled,
    queryFn: () => {
      const to = new Date();
      const from = new Date(to.getTime() - weeks * 7 * 86_400_000);
      return unwrap(
        api.GET('/api/v1/workspaces/{workspace_id}/stakeholders/{stakeholder_id}/score-history', {
          params: {
            path: { workspace_id: workspaceId, stakeholder_id: stakeholderId },
            query: { from: isoDay(from), to: isoDay(to), step: 'week' },
          },
        }),
      );
    },
  });
}

export function useStakeholder(workspaceId: string, stakeholderId: string) {
  return useQuery({
    queryKey: [...wsKey(workspaceId), 'stakeholders', 'one', stakeholderId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/workspaces/{workspace_id}/stakeholders/{stakeholder_id}', {
          params: { path: { workspace_id: workspaceId, stakeholder_id: stakeholderId } },
        }),
      ),
  });
}

/** Everything recorded about a stakeholder, newest first, a page at a time. */
export function useTimeline(workspaceId: string, stakeholderId: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: [...wsKey(workspaceId), 'timeline', stakeholderId],
    enabled,
    queryFn: ({ pageParam }: { pageParam: string | undefined }) =>
      unwrap(
        api.GET('/api/v1/workspaces/{workspace_id}/stakeholders/{stakeholder_id}/timeline', {
          params: { path: { workspace_id: workspaceId, stakeholder_id: stakeholderId }, query: { limit: 25, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** What changed in the workspace, newest first, a page at a time (the change feed read
 * backwards; not for viewers: 403). */
export function useActivity(workspaceId: string, type: string | null = null, enabled = true) {
  return useInfiniteQuery({
    queryKey: [...wsKey(workspaceId), 'activity', type],
    enabled,
    queryFn: ({ pageParam }: { pageParam: number | undefined }) =>
      unwrap(
        api.GET('/api/v1/workspaces/{workspace_id}/events', {
          params: { ...path(workspaceId), query: { order: 'desc', limit: 50, before: pageParam, type: type ?? undefined } },
        }),
      ),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.next_cursor ? Number(last.next_cursor) : undefined),
  });
}

type ListQuery<P extends keyof operations> = Omit<NonNullable<operations[P]['parameters']['query']>, 'limit' | 'cursor'>;

/** Every concern matching `query`, all pages (not for viewers: 403). */
function allConcerns(workspaceId: string, query: ListQuery<'list_concerns'> = {}, onProgress?: (loaded: number) => void) {
  return fetchAllPages(
    (cursor) =>
      unwrap(api.GET('/api/v1/workspaces/{workspace_id}/concerns', { params: { ...path(workspaceId), query: { ...query, limit: MAX_LIMIT, cursor } } })),
    undefined,
    onProgress,
  );
}

/** Every commitment matching `query`, all pages. */
function allCommitments(workspaceId: string, query: ListQuery<'list_commitments'> = {}) {
  return fetchAllPages((cursor) =>
    unwrap(api.GET('/api/v1/workspaces/{workspace_id}/commitments', { params: { ...path(workspaceId), query: { ...query, limit: MAX_LIMIT, cursor } } })),
  );
}

/** Every acknowledgement matching `query`, all pages. */
function allAcknowledgements(workspaceId: string, query: ListQuery<'list_acknowledgements'> = {}) {
  return fetchAllPages((cursor) =>
    unwrap(api.GET('/api/v1/workspaces/{workspace_id}/acknowledgements', { params: { ...path(workspaceId), query: { ...query, limit: MAX_LIMIT, cursor } } })),
  );
}

/** A stakeholder's concerns, commitments and acknowledgements: what the profile's "before
 * your next one-on-one" card sums up (not for viewers: 403). */
export function usePrepRecords(workspaceId: string, stakeholderId: string, enabled = true) {
  return useQuery({
    queryKey: [...wsKey(workspaceId), 'prep', stakeholderId],
    enabled,
    queryFn: async () => {
      const [concerns, commitments, acknowledgements] = await Promise.all([
        allConcerns(workspaceId, { stakeholder_id: stakeholderId }),
        allCommitments(workspaceId, { stakeholder_id: stakeholderId, status: 'open' }),
        allAcknowledgements(workspaceId, { stakeholder_id: stakeholderId }),
      ]);
      return { concerns, commitments, acknowledgements };
    },
  });
}

/** How many concerns and commitments were logged in the one-on-one `conversationId`: what
 * moving it to another person takes along (not for viewers: 403). */
export function useLoggedIn(workspaceId: string, conversationId: string, enabled = true) {
  return useQuery({
    queryKey: [...wsKey(workspaceId), 'logged-in', conversationId],
    enabled,
    queryFn: async () => {
      const [concerns, commitments] = await Promise.all([
        allConcerns(workspaceId, { conversation_id: conversationId }),
        allCommitments(workspaceId, { conversation_id: conversationId }),
      ]);
      return { concerns: concerns.length, commitments: commitments.length };
    },
  });
}

/** What to do next, judged on the browser's calendar date (what is overdue or has passed). */
export function useNextActions(workspaceId: string, enabled = true) {
  const day = today();
  return useQuery({
    queryKey: [...wsKey(workspaceId), 'insights', 'next-actions', day],
    enabled,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/workspaces/{workspace_id}/insights/next-actions', {
          params: { path: { workspace_id: workspaceId }, query: { today: day } },
        }),
      ),
  });
}

export const teamInsightsKey = (workspaceId: string) => [...wsKey(workspaceId), 'insights', 'teams'] as const;

export function useTeamInsights(workspaceId: string) {
  return useQuery({
    queryKey: teamInsightsKey(workspaceId),
    queryFn: () => unwrap(api.GET('/api/v1/workspaces/{workspace_id}/insights/teams', { params: path(workspaceId) })),
  });
}

export const challengesKey = (workspaceId: string) => [...wsKey(workspaceId), 'insights', 'challenges'] as const;

export function useChallenges(workspaceId: string) {
  return useQuery({
    queryKey: challengesKey(workspaceId),
    queryFn: () => unwrap(api.GET('/api/v1/workspaces/{workspace_id}/insights/challenges', { params: path(workspaceId) })),
  });
}

export function useSetFocus(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: FocusIn) =>
      unwrap(api.PUT('/api/v1/workspaces/{workspace_id}/insights/challenges/focus', { params: path(workspaceId), body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: challengesKey(workspaceId) }),
  });
}

export function useTrends(workspaceId: string) {
  return useQuery({
    queryKey: [...wsKey(workspaceId), 'insights', 'trends'],
    queryFn: () => unwrap(api.GET('/api/v1/workspaces/{workspace_id}/insights/trends', { params: path(workspaceId) })),
  });
}

export const concernsKey = (workspaceId: string) => [...wsKey(workspaceId), 'concerns'] as const;

/**
 * Every concern in the workspace (not for viewers: 403), and how many have arrived while a
 * large workspace's pages are still coming (`loaded`).
 */
export function useConcerns(workspaceId: string, enabled = true) {
  const [loaded, setLoaded] = useState(0);
  const query = useQuery({
    queryKey: concernsKey(workspaceId),
    enabled,
    queryFn: () => allConcerns(workspaceId, {}, setLoaded),
  });
  return { query, loaded };
}

/** A record on a stakeholder's timeline, by its type. */
export interface RecordRef {
  type: 'conversation' | 'concern' | 'acknowledgement' | 'signal' | 'commitment';
  id: string;
}

function deleteRecord(workspaceId: string, { type, id }: RecordRef) {
  const workspace_id = workspaceId;
  switch (type) {
    case 'conversation':
      return api.DELETE('/api/v1/workspaces/{workspace_id}/conversations/{conversation_id}', { params: { path: { workspace_id, conversation_id: id } } });
    case 'concern':
      return api.DELETE('/api/v1/workspaces/{workspace_id}/concerns/{concern_id}', { params: { path: { workspace_id, concern_id: id } } });
    case 'acknowledgement':
      return api.DELETE('/api/v1/workspaces/{workspace_id}/acknowledgements/{acknowledgement_id}', {
        params: { path: { workspace_id, acknowledgement_id: id } },
      });
    case 'signal':
      return api.DELETE('/api/v1/workspaces/{workspace_id}/signals/{signal_id}', { params: { path: { workspace_id, signal_id: id } } });
    case 'commitment':
      return api.DELETE('/api/v1/workspaces/{workspace_id}/commitments/{commitment_id}', { params: { path: { workspace_id, commitment_id: id } } });
  }
}

/** A change to one record (only the fields in `body` change). */
export type RecordUpdate =
  /** `moveLinked`: a one-on-one moved to another person takes what was logged in it along. */
  | { type: 'conversation'; id: string; body: ConversationUpdate; moveLinked?: boolean }
  | { type: 'concern'; id: string; body: ConcernUpdate }
  | { type: 'acknowledgement'; id: string; body: AcknowledgementUpdate }
  | { type: 'signal'; id: string; body: SignalUpdate }
  | { type: 'commitment'; id: string; body: CommitmentUpdate };

function updateRecord(workspaceId: string, change: RecordUpdate): Promise<unknown> {
  const workspace_id = workspaceId;
  switch (change.type) {
    case 'conversation':
      return unwrap(api.PATCH('/api/v1/workspaces/{workspace_id}/conversations/{conversation_id}', {
        params: { path: { workspace_id, conversation_id: change.id }, ...(change.moveLinked ? { query: { move_linked: true } } : {}) },
        body: change.body,
      }));
    case 'concern':
      return unwrap(api.PATCH('/api/v1/workspaces/{workspace_id}/concerns/{concern_id}', { params: { path: { workspace_id, concern_id: change.id } }, body: change.body }));
    case 'acknowledgement':
      return unwrap(api.PATCH('/api/v1/workspaces/{workspace_id}/acknowledgements/{acknowledgement_id}', {
        params: { path: { workspace_id, acknowledgement_id: change.id } },
        body: change.body,
      }));
    case 'signal':
      return unwrap(api.PATCH('/api/v1/workspaces/{workspace_id}/signals/{signal_id}', { params: { path: { workspace_id, signal_id: change.id } }, body: change.body }));
    case 'commitment':
      return unwrap(api.PATCH('/api/v1/workspaces/{workspace_id}/commitments/{commitment_id}', {
        params: { path: { workspace_id, commitment_id: change.id } },
        body: change.body,
      }));
  }
}

/**
 * Changes a record: corrects what was logged, moves a concern's status, marks a commitment
 * kept. Any of them can move the person's scores, the challenges, the next actions and the
 * profile's card, so everything of the workspace on screen refreshes.
 */
export function useUpdateRecord(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: RecordUpdate) => updateRecord(workspaceId, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: wsKey(workspaceId) }),
  });
}

/** Deletes a record logged by mistake; the person's scores are worked out again without it. */
export function useDeleteRecord(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (record: RecordRef) => unwrap(deleteRecord(workspaceId, record)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: wsKey(workspaceId) }),
  });
}

/** Expertise acknowledged outside a logged conversation (a team meeting, public credit). */
export function useCreateAcknowledgement(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AcknowledgementCreate) =>
      unwrap(api.POST('/api/v1/workspaces/{workspace_id}/acknowledgements', { params: path(workspaceId), body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: wsKey(workspaceId) }),
  });
}

/** A readiness or behaviour signal observed outside a logged conversation. */
export function useCreateSignal(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SignalCreate) => unwrap(api.POST('/api/v1/workspaces/{workspace_id}/signals', { params: path(workspaceId), body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: wsKey(workspaceId) }),
  });
}

export function useCreateConcern(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ConcernCreate) =>
      unwrap(api.POST('/api/v1/workspaces/{workspace_id}/concerns', { params: path(workspaceId), body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: wsKey(workspaceId) }),
  });
}

/**
 * Everyone, archived too: one query (one request per 200 people) that every page needing
 * stakeholder details beside other lists shares.
 */
function directoryQuery(workspaceId: string) {
  return {
    queryKey: [...wsKey(workspaceId), 'stakeholders', 'directory'],
    queryFn: () =>
      fetchAllPages((cursor) =>
        unwrap(
          api.GET('/api/v1/workspaces/{workspace_id}/stakeholders', {
            params: { ...path(workspaceId), query: { limit: MAX_LIMIT, cursor } },
          }),
        ),
      ),
  };
}

const namesAndTeams = (items: Stakeholder[]) => new Map(items.map((s) => [s.id, { name: s.name, teamId: s.team_id ?? null }]));

/** Everyone, archived too, by id: names and teams for lists of records. */
export function usePeople(workspaceId: string, enabled = true) {
  return useQuery({ ...directoryQuery(workspaceId), enabled, select: namesAndTeams });
}

const settingsKey = (workspaceId: string) => [...wsKey(workspaceId), 'scoring-settings'] as const;

/** The scoring settings in force and the defaults (owners only). */
export function useScoringSettings(workspaceId: string, enabled = true) {
  return useQuery({
    queryKey: settingsKey(workspaceId),
    enabled,
    queryFn: () => unwrap(api.GET('/api/v1/workspaces/{workspace_id}/scoring-settings', { params: path(workspaceId) })),
  });
}

/** How often, and how many times, `useAwaitSavedVersion` asks for the settings again. */
export const savedVersionCheck = { everyMs: 2000, tries: 45 };

/**
 * After a save whose answer was lost (the connection dropped mid-stream; the server finishes the
 * save regardless), asks for the settings until a version newer than `after` appears, or the
 * calling component goes away. `version` is that version, or null when none appeared in time;
 * `gone` says the component went away meanwhile. A newer version refreshes the workspace's data,
 * as a save does.
 */
export function useAwaitSavedVersion(workspaceId: string) {
  const queryClient = useQueryClient();
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return async (after: number): Promise<{ version: number | null; gone: boolean }> => {
    for (let attempt = 0; attempt < savedVersionCheck.tries && mounted.current; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, savedVersionCheck.everyMs));
      try {
        const latest = await unwrap(
          api.GET('/api/v1/workspaces/{workspace_id}/scoring-settings', { params: path(workspaceId) }),
        );
        if (latest.version > after) {
          await queryClient.invalidateQueries({ queryKey: wsKey(workspaceId) });
          return { version: latest.version, gone: !mounted.current };
        }
      } catch {
        // Still offline, or the server is busy: ask again.
      }
    }
    return { version: null, gone: !mounted.current };
  };
}

export interface PutScoringSettings {
  values: Record<string, number>;
  preview: boolean;
  /** Called as the server reports how far the recompute has got. */
  onProgress?: (progress: ProgressLine) => void;
}

/**
 * Saves a new settings version, or with `preview` only reports who would change category. Asks
 * for the answer as a progress stream (recomputing every reading takes a while); a server that
 * answers plain JSON works too.
 */
export function usePutScoringSettings(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ values, preview, onProgress }: PutScoringSettings) =>
      unwrapStreamed<ScoringSettingsSaved>(
        api.PUT('/api/v1/workspaces/{workspace_id}/scoring-settings', {
          params: { ...path(workspaceId), query: { preview } },
          body: { values },
          headers: { Accept: NDJSON },
          parseAs: 'stream',
        }),
        onProgress,
      ),
    // A saved version recomputes every reading.
    onSuccess: (_, { preview }) => (preview ? undefined : queryClient.invalidateQueries({ queryKey: wsKey(workspaceId) })),
  });
}
