export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

/** Largest page the API serves. */
export const MAX_LIMIT = 200;

/**
 * Follows `next_cursor` until the list ends. For small lists a page needs whole (teams for a
 * picker, tokens, an export); `maxPages` stops a runaway loop if a cursor never ends, and
 * `onProgress` hears how many items have arrived after each page but the last.
 */
export async function fetchAllPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  maxPages = 100,
  onProgress?: (loaded: number) => void,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (!page.next_cursor) return items;
    onProgress?.(items.length);
    cursor = page.next_cursor;
  }
  throw new Error(`Stopped after ${maxPages} pages; the list is larger than expected.`);
}
