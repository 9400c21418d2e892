import { api, unwrap } from '../../api/client';
import { toFieldErrors, type MappedErrors } from '../../api/errors';
import {
  acknowledgementRequest,
  commitmentRequest,
  concernRequest,
  conversationRequest,
  signalRequest,
  type LogValues,
  type Progress,
} from './logForm';

/** API field → form field inside a signal (ADKAR scores live under `adkar.` in the form). */
const SIGNAL_RENAME = Object.fromEntries(
  ['awareness', 'desire', 'knowledge', 'ability', 'reinforcement'].map((f) => [f, `adkar.${f}`]),
);

const KNOWN = {
  conversation: [
    'stakeholder_id', 'occurred_at', 'mode', 'duration_minutes', 'summary', 'private', 'tone',
    'ratings.authenticity', 'ratings.competence', 'ratings.empathy', 'ratings', 'topics',
    'next_contact_on', 'next_contact_scheduled',
  ],
  concerns: ['text', 'severity', 'cfir_domain', 'cfir_construct'],
  commitments: ['description', 'owner', 'due_on'],
  acknowledgements: ['area', 'setting', 'note'],
  signals: ['kind', 'source', 'note', 'facet', 'intensity', 'commitment', 'efficacy', 'stage', 'nominated_by_id', ...Object.values(SIGNAL_RENAME)],
} as const;

export class LogSaveError extends Error {
  constructor(
    readonly mapped: MappedErrors,
    /** Which part failed, for the message: "the conversation", "concern 2"… */
    readonly part: string,
    override readonly cause: unknown,
  ) {
    super(mapped.formError ?? `Could not save ${part}`);
  }
}

const ws = (workspaceId: string) => ({ path: { workspace_id: workspaceId } });

/**
 * Saves the conversation first, then each record raised in it, one POST at a time, so every
 * record can point at the conversation. Stops at the first failure with the errors mapped onto
 * that part of the form; `progress` says what is already saved so a retry sends only the rest.
 */
export async function saveLog(
  workspaceId: string,
  values: LogValues,
  progress: Progress,
  onSaved: (update: Partial<Progress> & { key?: string; id?: string }) => void,
): Promise<void> {
  const attempt = async <T>(part: string, prefix: string, known: readonly string[], call: () => Promise<T>, rename?: Record<string, string>) => {
    try {
      return await call();
    } catch (error) {
      throw new LogSaveError(toFieldErrors(error, { prefix, known, rename }), part, error);
    }
  };

  let conversationId = progress.conversationId;
  const request = conversationRequest(values.conversation);
  if (!conversationId) {
    const conversation = await attempt('the conversation', 'conversation.', KNOWN.conversation, () =>
      unwrap(api.POST('/api/v1/workspaces/{workspace_id}/conversations', { params: ws(workspaceId), body: request })),
    );
    conversationId = conversation.id;
    onSaved({ conversationId });
  }
  const ctx = { stakeholderId: request.stakeholder_id, conversationId, occurredAt: request.occurred_at };

  for (const [i, item] of values.concerns.entries()) {
    if (progress.saved[item.key]) continue;
    const saved = await attempt(`concern ${i + 1}`, `concerns.${i}.`, KNOWN.concerns, () =>
      unwrap(api.POST('/api/v1/workspaces/{workspace_id}/concerns', { params: ws(workspaceId), body: concernRequest(item, ctx) })),
    );
    onSaved({ key: item.key, id: saved.id });
  }
  for (const [i, item] of values.commitments.entries()) {
    if (progress.saved[item.key]) continue;
    const saved = await attempt(`commitment ${i + 1}`, `commitments.${i}.`, KNOWN.commitments, () =>
      unwrap(api.POST('/api/v1/workspaces/{workspace_id}/commitments', { params: ws(workspaceId), body: commitmentRequest(item, ctx) })),
    );
    onSaved({ key: item.key, id: saved.id });
  }
  for (const [i, item] of values.acknowledgements.entries()) {
    if (progress.saved[item.key]) continue;
    const saved = await attempt(`acknowledgement ${i + 1}`, `acknowledgements.${i}.`, KNOWN.acknowledgements, () =>
      unwrap(
        api.POST('/api/v1/workspaces/{workspace_id}/acknowledgements', {
          params: ws(workspaceId),
          body: acknowledgementRequest(item, ctx),
        }),
      ),
    );
    onSaved({ key: item.key, id: saved.id });
  }
  for (const [i, item] of values.signals.entries()) {
    if (progress.saved[item.key]) continue;
    const saved = await attempt(
      `signal ${i + 1}`,
      `signals.${i}.`,
      KNOWN.signals,
      () => unwrap(api.POST('/api/v1/workspaces/{workspace_id}/signals', { params: ws(workspaceId), body: signalRequest(item, ctx) })),
      SIGNAL_RENAME,
    );
    onSaved({ key: item.key, id: saved.id });
  }
}
