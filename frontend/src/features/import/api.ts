import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { ImportReport } from '../../api/types';
import type { ImportKind } from './columns';

export interface ImportRequest {
  kind: ImportKind;
  file: File;
  /** false: only check the file and report (the API's default). */
  write: boolean;
  /** With `write`: write the valid rows and leave out the invalid ones. */
  skipInvalid?: boolean;
}

const PATHS = {
  stakeholders: '/api/v1/workspaces/{workspace_id}/import/stakeholders',
  conversations: '/api/v1/workspaces/{workspace_id}/import/conversations',
} as const;

/** Sends the file as the `file` field of a multipart form, as a browser upload does. */
export function postImport(ws: string, { kind, file, write, skipInvalid = false }: ImportRequest): Promise<ImportReport> {
  const form = new FormData();
  form.append('file', file, file.name);
  return unwrap(
    api.POST(PATHS[kind], {
      params: { path: { workspace_id: ws }, query: { dry_run: !write, skip_invalid: write && skipInvalid } },
      // openapi-fetch hands FormData to fetch untouched, which sets the multipart boundary.
      body: form as unknown as { file: string },
      bodySerializer: () => form,
    }),
  );
}

/** Checks a file (a dry run): nothing is written, every invalid row is reported. */
export function useCheckImport(ws: string) {
  return useMutation({ mutationFn: (input: Omit<ImportRequest, 'write'>) => postImport(ws, { ...input, write: false }) });
}

/** Writes a checked file; every list, score and insight of the workspace may change. */
export function useRunImport(ws: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Omit<ImportRequest, 'write'>) => postImport(ws, { ...input, write: true }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['ws', ws] }),
  });
}
