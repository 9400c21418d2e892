import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './errors';
import { NdjsonError, readNdjson, readProgressStream, unwrapStreamed } from './ndjson';

/** A body that sends these chunks (strings are UTF-8 encoded) and then closes. */
function body(...chunks: (string | Uint8Array)[]) {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(typeof c === 'string' ? encoder.encode(c) : c);
      controller.close();
    },
  });
}

async function all(stream: ReadableStream<Uint8Array>) {
  const out: unknown[] = [];
  for await (const v of readNdjson(stream)) out.push(v);
  return out;
}

const progress = (step: string, fraction: number) => JSON.stringify({ type: 'progress', step, done: 1, total: 2, fraction });

describe('readNdjson', () => {
  it('joins a line split across chunks, and a character split across bytes', async () => {
    const bytes = new TextEncoder().encode('{"a":"é"}\n');
    const cut = bytes.indexOf(0xc3) + 1; // inside the two bytes of "é"
    expect(await all(body('{"n":', '1}\n{"n"', ':2}\n', bytes.slice(0, cut), bytes.slice(cut)))).toEqual([{ n: 1 }, { n: 2 }, { a: 'é' }]);
  });

  it('reads a last line with no newline, and skips blank lines and \\r', async () => {
    expect(await all(body('{"n":1}\r\n\n', '  \n{"n":2}'))).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('yields lines as they arrive, before the body ends', async () => {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const lines = readNdjson(stream);
    controller.enqueue(new TextEncoder().encode('{"n":1}\n{"n"'));
    expect(await lines.next()).toEqual({ done: false, value: { n: 1 } });
    controller.enqueue(new TextEncoder().encode(':2}\n'));
    expect(await lines.next()).toEqual({ done: false, value: { n: 2 } });
    controller.close();
    expect(await lines.next()).toEqual({ done: true, value: undefined });
  });

  it('throws on a line that is not JSON, naming the line, and cancels the body', async () => {
    const cancel = vi.fn();
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(encoder.encode('{"n":1}\n{"n":\n{"n":3}\n'));
      },
      cancel,
    });
    const seen: unknown[] = [];
    const reading = (async () => {
      for await (const v of readNdjson(stream)) seen.push(v);
    })();
    await expect(reading).rejects.toThrow(NdjsonError);
    await expect(all(body('ok\n'))).rejects.toThrow('line 1 is not JSON');
    expect(seen).toEqual([{ n: 1 }]);
    expect(cancel).toHaveBeenCalled();
  });

  it('throws on a malformed last line without a newline', async () => {
    await expect(all(body('{"n":1}\n{"n"'))).rejects.toThrow('line 2 is not JSON');
  });
});

describe('readProgressStream', () => {
  it('reports progress lines and resolves with the result', async () => {
    const onProgress = vi.fn();
    const result = await readProgressStream(
      body(`${progress('Reading the records', 0.2)}\n${progress('Storing', 0.9)}\n`, '{"type":"result","result":{"version":3}}\n'),
      onProgress,
    );
    expect(result).toEqual({ version: 3 });
    expect(onProgress.mock.calls.map(([p]) => [p.step, p.fraction])).toEqual([
      ['Reading the records', 0.2],
      ['Storing', 0.9],
    ]);
  });

  it('ignores lines of other types', async () => {
    expect(await readProgressStream(body('{"type":"note"}\n[1]\n{"type":"result","result":7}'))).toBe(7);
  });

  it('rejects with an ApiError for an error line', async () => {
    const reading = readProgressStream(
      body(`${progress('Reading the records', 0.1)}\n{"type":"error","status":500,"error":{"code":"internal_error","message":"Nothing was saved."}}\n`),
    );
    await expect(reading).rejects.toBeInstanceOf(ApiError);
    await expect(
      readProgressStream(body('{"type":"error","status":500,"error":{"code":"internal_error","message":"Nothing was saved."}}')),
    ).rejects.toMatchObject({ status: 500, code: 'internal_error', message: 'Nothing was saved.' });
  });

  it('rejects when the body ends without a result or an error', async () => {
    await expect(readProgressStream(body(`${progress('Reading the records', 0.1)}\n`))).rejects.toMatchObject({ code: 'incomplete_answer' });
  });
});

describe('unwrapStreamed', () => {
  const call = (response: Response) => Promise.resolve({ response, error: undefined });

  it('reads an NDJSON answer', async () => {
    const response = new Response(body('{"type":"result","result":{"ok":true}}\n'), {
      headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8' },
    });
    expect(await unwrapStreamed(call(response))).toEqual({ ok: true });
  });

  it('reads a plain JSON answer from a server without the stream', async () => {
    const response = new Response('{"ok":true}', { headers: { 'Content-Type': 'application/json' } });
    expect(await unwrapStreamed(call(response), vi.fn())).toEqual({ ok: true });
  });

  it('throws the usual ApiError for an error status', async () => {
    const error = { error: { code: 'forbidden', message: 'Owners only', details: null } };
    const response = new Response(JSON.stringify(error), { status: 403, headers: { 'Content-Type': 'application/json' } });
    await expect(unwrapStreamed(Promise.resolve({ response, error }))).rejects.toMatchObject({ status: 403, code: 'forbidden' });
  });
});
