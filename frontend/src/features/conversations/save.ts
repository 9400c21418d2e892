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

/**
 * The same record with the same content gets the same Idempotency-Key, so a retry after a lost
 * response replays it instead of saving it twice; edited content is a new request.
 */
export function idempotencyKey(itemKey: string, body: unknown): string {
  let hash = 0x811c9dc5;
  for (const ch of JSON.stringify(body)) {
    hash ^= ch.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${itemKey}-${hash.toString(16)}`;
}



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
  const opts = <B>(itemKey: string, body: B) => ({
    params: { path: { workspace_id: workspaceId }, header: { 'Idempotency-Key': idempotencyKey(itemKey, body) } },
    body,
  });

  let conversationId = progress.conversationId;
  const request = conversationRequest(values.conversation);
  if (!conversationId) {
    const conversation = await attempt('the conversation', 'conversation.', KNOWN.conversation, () =>
      unwrap(api.POST('/api/v1/workspaces/{workspace_id}/conversations', opts(values.conversation.key, request))),
    );
    conversationId = conversation.id;
    onSaved({ conversationId });
  }
  const ctx = { stakeholderId: request.stakeholder_id, conversationId, occurredAt: request.occurred_at };

  const saveEach = async <T extends { key: string }>(
    items: T[],
    list: keyof typeof KNOWN,
    label: string,
    create: (item: T) => Promise<{ id: string }>,
    rename?: Record<string, string>,
  ) => {
    for (const [i, item] of items.entries()) {
      if (progress.saved[item.key]) continue;
      const saved = await attempt(`${label} ${i + 1}`, `${list}.${i}.`, KNOWN[list], () => create(item), rename);
      onSaved({ key: item.key, id: saved.id });
    }
  };

  await saveEach(values.concerns, 'concerns', 'concern', (item) =>
    unwrap(api.POST('/api/v1/workspaces/{workspace_id}/concerns', opts(item.key, concernRequest(item, ctx)))),
  );
  await saveEach(values.commitments, 'commitments', 'commitment', (item) =>
    unwrap(api.POST('/api/v1/workspaces/{workspace_id}/commitments', opts(item.key, commitmentRequest(item, ctx)))),
  );
  await saveEach(values.acknowledgements, 'acknowledgements', 'acknowledgement', (item) =>
    unwrap(api.POST('/api/v1/workspaces/{workspace_id}/acknowledgements', opts(item.key, acknowledgementRequest(item, ctx)))),
  );
  await saveEach(
    values.signals,
    'signals',
    'signal',
    (item) => unwrap(api.POST('/api/v1/workspaces/{workspace_id}/signals', opts(item.key, signalRequest(item, ctx)))),
    SIGNAL_RENAME,
  );
}
