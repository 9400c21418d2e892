import { describe, expect, it } from 'vitest';
import { apiError, json, mockApi } from '../../test/utils';
import { emptyLog, emptyProgress, newCommitment, newConcern, type LogValues, type Progress } from './logForm';
import { idempotencyKey, LogSaveError, saveLog } from './save';

function entry(): LogValues {
  const v = emptyLog(new Date(2026, 2, 2, 10, 0));
  v.conversation.stakeholder_id = 's1';
  v.concerns = [{ ...newConcern(), key: 'k1', text: 'Rota gaps' }, { ...newConcern(), key: 'k2', text: 'x' }];
  v.commitments = [{ ...newCommitment(), key: 'k3', description: 'Send the audit data' }];
  return v;
}

const track = (progress: Progress) => (u: Partial<Progress> & { key?: string; id?: string }) => {
  if (u.conversationId) progress.conversationId = u.conversationId;
  if (u.key && u.id) progress.saved[u.key] = u.id;
};

describe('saveLog', () => {
  it('saves the conversation first, then each record pointing at it', async () => {
    let n = 0;
    const bodies: [string, Record<string, unknown>][] = [];
    const record = (path: string) => async (req: Request) => {
      bodies.push([path, await req.json()]);
      return json({ id: `id${++n}` }, 201);
    };
    mockApi({
      'POST /api/v1/workspaces/w1/conversations': record('conversations'),
      'POST /api/v1/workspaces/w1/concerns': record('concerns'),
      'POST /api/v1/workspaces/w1/commitments': record('commitments'),
    });
    const progress = emptyProgress();
    await saveLog('w1', entry(), progress, track(progress));
    expect(bodies.map(([p]) => p)).toEqual(['conversations', 'concerns', 'concerns', 'commitments']);
    expect(bodies.slice(1).every(([, b]) => b.conversation_id === 'id1' && b.stakeholder_id === 's1')).toBe(true);
    expect(progress).toEqual({ conversationId: 'id1', saved: { k1: 'id2', k2: 'id3', k3: 'id4' } });
  });

  it('stops at a failure with errors at that record, and a retry sends only the rest', async () => {
    let concernCalls = 0;
    const posted: string[] = [];
    const keys: (string | null)[] = [];
    mockApi({
      'POST /api/v1/workspaces/w1/conversations': () => {
        posted.push('conversation');
        return json({ id: 'c1' }, 201);
      },
      'POST /api/v1/workspaces/w1/concerns': async (req) => {
        const body = await req.json();
        posted.push(`concern:${body.text}`);
        keys.push(req.headers.get('Idempotency-Key'));
        concernCalls++;
        if (body.text === 'x' && concernCalls === 2) {
          return apiError(422, 'validation_error', 'Invalid input', [
            { field: 'body.text', message: 'Say a little more', type: 'too_short' },
          ]);
        }
        return json({ id: `concern${concernCalls}` }, 201);
      },
      'POST /api/v1/workspaces/w1/commitments': () => {
        posted.push('commitment');
        return json({ id: 'm1' }, 201);
      },
    });
    const progress = emptyProgress();
    const failure = await saveLog('w1', entry(), progress, track(progress)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(LogSaveError);
    expect((failure as LogSaveError).part).toBe('concern 2');
    expect((failure as LogSaveError).mapped.fieldErrors).toEqual({ 'concerns.1.text': 'Say a little more' });
    expect(progress).toEqual({ conversationId: 'c1', saved: { k1: 'concern1' } });

    posted.length = 0;
    await saveLog('w1', entry(), progress, track(progress));
    expect(posted).toEqual(['concern:x', 'commitment']);
    // The retried concern goes with the same key as the failed attempt: a lost response replays.
    expect(keys[2]).toBe(keys[1]);
    expect(new Set(keys).size).toBe(2);
  });

  it('keys a request by record and content', () => {
    expect(idempotencyKey('k1', { text: 'a' })).toBe(idempotencyKey('k1', { text: 'a' }));
    expect(idempotencyKey('k1', { text: 'a' })).not.toBe(idempotencyKey('k1', { text: 'b' }));
    expect(idempotencyKey('k1', { text: 'a' })).not.toBe(idempotencyKey('k2', { text: 'a' }));
  });

  it('maps conversation errors under conversation.', async () => {
    mockApi({
      'POST /api/v1/workspaces/w1/conversations': () =>
        apiError(422, 'validation_error', 'Invalid input', [
          { field: 'body.ratings.empathy', message: 'Input should be less than or equal to 5', type: 'x' },
        ]),
    });
    const failure = (await saveLog('w1', entry(), emptyProgress(), () => {}).catch((e: unknown) => e)) as LogSaveError;
    expect(failure.mapped.fieldErrors).toEqual({ 'conversation.ratings.empathy': 'Input should be less than or equal to 5' });
  });
});
