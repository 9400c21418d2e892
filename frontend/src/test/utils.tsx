import { MantineProvider, mergeThemeOverrides, Popover } from '@mantine/core';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { vi } from 'vitest';
import { createQueryClient } from '../app/queryClient';
import { theme } from '../app/theme';

// jsdom lays nothing out, so every element measures 0 x 0 at the origin. Mantine hides an
// open dropdown (display: none) once floating-ui computes that its target is "detached",
// which happens a moment after opening: a test that looks for a menu item then raced it.
const testTheme = mergeThemeOverrides(theme, {
  components: { Popover: Popover.extend({ defaultProps: { hideDetached: false } }) },
});

type Handler = (request: Request, url: URL) => Response | Promise<Response>;

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

export const apiError = (status: number, code: string, message: string, details: unknown = null) =>
  json({ error: { code, message, details } }, status);

/**
 * Stubs the global fetch with handlers keyed "METHOD /path" (no query string). Unknown calls
 * fail the test loudly. Returns the mock, whose calls hold the Requests made.
 */
export function mockApi(handlers: Record<string, Handler>) {
  const mock = vi.fn(async (input: Request) => {
    const url = new URL(input.url);
    const handler = handlers[`${input.method} ${url.pathname}`];
    if (!handler) throw new Error(`Unexpected request ${input.method} ${url.pathname}`);
    return handler(input, url);
  });
  vi.stubGlobal('fetch', mock);
  return mock;
}

export function testQueryClient(): QueryClient {
  const client = createQueryClient();
  client.setDefaultOptions({ queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } });
  return client;
}

export function renderRoutes(routes: RouteObject[], initialPath: string, queryClient = testQueryClient()) {
  const router = createMemoryRouter(routes, { initialEntries: [initialPath] });
  const view = render(
    <MantineProvider theme={testTheme}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  return { ...view, router, queryClient };
}

/** Renders one element at `path` (default "/"). */
export function renderPage(element: ReactElement, path = '/', queryClient = testQueryClient()) {
  return renderRoutes([{ path: '*', element }], path, queryClient);
}

export const testWorkspace = (role: 'owner' | 'lead' | 'viewer') => ({
  id: 'w1',
  name: 'Sepsis bundle',
  description: '',
  role,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
});
