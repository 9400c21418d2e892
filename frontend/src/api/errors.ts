/**
 * The API answers every error as {"error": {"code", "message", "details"}}; for 422 `details`
 * is a list of {field, message, type} where `field` is a dotted path such as `body.tone` or
 * `body.tags.0`. These helpers turn that into something a form can show at the right input.
 */

export interface ErrorDetail {
  field: string;
  message: string;
  type: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  /** Seconds to wait, from Retry-After on 429. */
  readonly retryAfter: number | null;

  constructor(opts: {
    status: number;
    code: string;
    message: string;
    details?: ErrorDetail[];
    retryAfter?: number | null;
  }) {
    super(opts.message);
    this.name = 'ApiError';
    this.status = opts.status;
    this.code = opts.code;
    this.details = opts.details ?? [];
    this.retryAfter = opts.retryAfter ?? null;
  }

  /** Builds an ApiError from a failed response and its (maybe not JSON) parsed body. */
  static fromResponse(response: Response, body: unknown): ApiError {
    const retry = Number(response.headers.get('Retry-After'));
    const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : null;
    const err = isRecord(body) && isRecord(body.error) ? body.error : null;
    if (err && typeof err.code === 'string' && typeof err.message === 'string') {
      return new ApiError({
        status: response.status,
        code: err.code,
        message: err.message,
        details: parseDetails(err.details),
        retryAfter,
      });
    }
    return new ApiError({
      status: response.status,
      code: response.status >= 500 ? 'server_error' : 'http_error',
      message:
        response.status >= 500
          ? 'The server had a problem. Try again in a moment.'
          : `The request failed (${response.status} ${response.statusText}).`,
      retryAfter,
    });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseDetails(details: unknown): ErrorDetail[] {
  if (!Array.isArray(details)) return [];
  return details.filter(isRecord).map((d) => ({
    field: typeof d.field === 'string' ? d.field : '',
    message: typeof d.message === 'string' ? d.message : 'Invalid value',
    type: typeof d.type === 'string' ? d.type : 'invalid',
  }));
}

export interface MappedErrors {
  /** Form path → message, e.g. {"tone": "Input should be less than or equal to 2"}. */
  fieldErrors: Record<string, string>;
  /** What cannot be pinned on a field: show it above the submit button. */
  formError: string | null;
}

export interface MapOptions {
  /** Prefixed to every form path, e.g. "concerns.1." for the second concern of a form. */
  prefix?: string;
  /** Renames API fields to form fields, e.g. {team_id: "team"}; applied before the prefix. */
  rename?: Record<string, string>;
  /** Only these form fields exist; details for other fields go to formError. */
  known?: readonly string[];
}

/**
 * Maps an API error to form errors. `body.tone` → `tone`, `body.ratings.empathy` →
 * `ratings.empathy`, `body.tags.2` → `tags` (the list input shows it). Query and path errors,
 * and errors with no field, become the form-level message.
 */
export function toFieldErrors(error: unknown, options: MapOptions = {}): MappedErrors {
  const { prefix = '', rename = {}, known } = options;
  if (!(error instanceof ApiError)) {
    return { fieldErrors: {}, formError: messageOf(error) };
  }
  const fieldErrors: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const detail of error.details) {
    const parts = detail.field.split('.').filter(Boolean);
    if (parts[0] !== 'body' || parts.length < 2) {
      unplaced.push(detail.field ? `${detail.field}: ${detail.message}` : detail.message);
      continue;
    }
    // Drop list indexes at the end: the input for `tags` owns `tags.2`'s error.
    const path = parts.slice(1);
    while (path.length > 1 && /^\d+$/.test(path[path.length - 1] ?? '')) path.pop();
    const apiField = path.join('.');
    const formField = rename[apiField] ?? apiField;
    if (known && !known.includes(formField)) {
      unplaced.push(`${apiField}: ${detail.message}`);
      continue;
    }
    const key = prefix + formField;
    fieldErrors[key] = fieldErrors[key] ? `${fieldErrors[key]}; ${detail.message}` : detail.message;
  }
  let formError: string | null = null;
  if (unplaced.length > 0) formError = unplaced.join('\n');
  else if (Object.keys(fieldErrors).length === 0) formError = error.message;
  return { fieldErrors, formError };
}

/** A sentence for a person, whatever was thrown. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429 && error.retryAfter) {
      return `${error.message} Try again in ${error.retryAfter} s.`;
    }
    return error.message;
  }
  if (error instanceof TypeError) return 'Could not reach the server. Check your connection.';
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
