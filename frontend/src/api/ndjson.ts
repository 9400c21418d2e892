/**
 * Long operations (saving scoring settings recomputes every reading) can answer as NDJSON: one
 * JSON object per line, sent as the work goes. Progress lines come first, then exactly one last
 * line with the result or the error. These helpers read such a body as it arrives.
 */
import { ApiError } from './errors';

/** The media type to ask for (Accept) and to recognise (Content-Type). */
export const NDJSON = 'application/x-ndjson';

export interface ProgressLine {
  type: 'progress';
  /** What the server is doing, for people: "Reading the records". */
  step: string;
  /** Count within the step. */
  done: number;
  total: number;
  /** Overall progress, 0 to 1, never going back. */
  fraction: number;
}

export interface ResultLine<T> {
  type: 'result';
  /** The same object the plain JSON answer holds. */
  result: T;
}

export interface ErrorLine {
  type: 'error';
  status: number;
  error: { code: string; message: string; details?: unknown };
}

export type StreamLine<T> = ProgressLine | ResultLine<T> | ErrorLine;

/** A line of the body is not JSON. */
export class NdjsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NdjsonError';
  }
}

/**
 * Yields each line's parsed JSON as soon as the line is complete. A line may be split across
 * chunks (and a character across bytes); blank lines are skipped; the last line needs no
 * newline. Throws NdjsonError on a line that is not JSON. Stopping early cancels the body.
 */
export async function* readNdjson(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  let lineNumber = 0;
  let finished = false;
  const parse = (raw: string): { blank: boolean; value?: unknown } => {
    lineNumber += 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return { blank: true };
    try {
      return { blank: false, value: JSON.parse(line) };
    } catch {
      throw new NdjsonError(`The server’s answer could not be read (line ${lineNumber} is not JSON).`);
    }
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      pending += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let newline = pending.indexOf('\n');
      while (newline !== -1) {
        const line = parse(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        if (!line.blank) yield line.value;
        newline = pending.indexOf('\n');
      }
      if (done) break;
    }
    finished = true;
    const last = parse(pending);
    if (!last.blank) yield last.value;
  } finally {
    if (finished) reader.releaseLock();
    // Stopped early (a result, an error, a bad line): the rest is not wanted.
    else await reader.cancel().catch(() => undefined);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isProgress(line: Record<string, unknown>): line is Record<string, unknown> & ProgressLine {
  return line.type === 'progress' && typeof line.step === 'string' && typeof line.fraction === 'number' && Number.isFinite(line.fraction);
}

function errorOf(line: Record<string, unknown>): ApiError {
  const status = typeof line.status === 'number' && line.status >= 400 && line.status <= 599 ? line.status : 500;
  const err = isRecord(line.error) ? line.error : {};
  const message = typeof err.message === 'string' && err.message ? err.message : 'The server had a problem. Try again in a moment.';
  return new ApiError({ status, code: typeof err.code === 'string' ? err.code : 'server_error', message });
}

/**
 * Reads a progress stream: calls `onProgress` for every progress line, resolves with the result
 * line's result, rejects with an ApiError for an error line or when the body ends without either.
 * Lines of other types are ignored.
 */
export async function readProgressStream<T>(
  body: ReadableStream<Uint8Array>,
  onProgress: (progress: ProgressLine) => void = () => undefined,
): Promise<T> {
  for await (const line of readNdjson(body)) {
    if (!isRecord(line)) continue;
    if (isProgress(line)) {
      onProgress({ type: 'progress', step: line.step, done: Number(line.done) || 0, total: Number(line.total) || 0, fraction: line.fraction });
    } else if (line.type === 'result' && 'result' in line) {
      return line.result as T;
    } else if (line.type === 'error') {
      throw errorOf(line);
    }
  }
  throw new ApiError({
    status: 502,
    code: 'incomplete_answer',
    message: 'The connection closed before the server finished. Reload the page to see what was saved.',
  });
}

type Result = { error?: unknown; response: Response };

/**
 * Like `unwrap` for a call made with `parseAs: 'stream'` and `Accept: application/x-ndjson`:
 * an error status throws the usual ApiError; an NDJSON answer is read with readProgressStream;
 * a server that answers plain JSON instead is read as before.
 */
export async function unwrapStreamed<T>(call: Promise<Result>, onProgress?: (progress: ProgressLine) => void): Promise<T> {
  const { error, response } = await call;
  if (!response.ok) throw ApiError.fromResponse(response, error);
  const type = response.headers.get('Content-Type')?.split(';')[0]?.trim().toLowerCase();
  if (type === NDJSON && response.body) return readProgressStream<T>(response.body, onProgress);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
