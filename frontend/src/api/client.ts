import createClient, { type Middleware } from 'openapi-fetch';
import { CSRF_COOKIE, CSRF_HEADER, isUnsafeMethod, readCookie } from './csrf';
import { ApiError } from './errors';
import type { paths } from './schema';

type UnauthorizedHandler = (request: Request) => void;

let onUnauthorized: UnauthorizedHandler | null = null;

/** The app installs one handler for every 401 (see app/unauthorized.ts). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  onUnauthorized = handler;
}

// A wrong password answers 401 too; the sign-in form shows that itself.
const NO_REDIRECT = ['/api/v1/auth/login'];

export const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (!isUnsafeMethod(request.method)) return undefined;
    const token = readCookie(CSRF_COOKIE);
    if (token) request.headers.set(CSRF_HEADER, token);
    return request;
  },
};

export const unauthorizedMiddleware: Middleware = {
  onResponse({ request, response }) {
    if (response.status !== 401 || !onUnauthorized) return undefined;
    const path = new URL(request.url).pathname;
    if (!NO_REDIRECT.includes(path)) onUnauthorized(request);
    return undefined;
  },
};

export function createApiClient(options: { baseUrl?: string; fetch?: typeof fetch } = {}) {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? window.location.origin,
    credentials: 'include',
    // Looked up per call so tests can stub the global fetch.
    fetch: options.fetch ?? ((input: Request) => globalThis.fetch(input)),
  });
  client.use(csrfMiddleware, unauthorizedMiddleware);
  return client;
}

export const api = createApiClient();
export type ApiClient = typeof api;

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Returns the data of a successful call, or throws an ApiError built from the error body. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw ApiError.fromResponse(response, error);
  return data as T;
}
