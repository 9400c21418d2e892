import type { Category, ScoreExportQuery, ScoreListQuery, ScoreSort } from '../../api/types';
import { NO_TEAM } from '../map/points';
import { categoriesFor } from '../scores/categories';

/** A column the scores list sorts by: `sort` is the key, with a leading minus for descending. */
export type SortKey = Exclude<ScoreSort, `-${string}`>;

/** Viewers may sort by these only (the API answers 422 to the rest: they never see the values). */
export const VIEWER_SORT_KEYS: readonly SortKey[] = ['name', 'champion_score', 'champion_lower_bound', 'confidence', 'influence'];
export const LEAD_SORT_KEYS: readonly SortKey[] = [...VIEWER_SORT_KEYS, 'reluctance_score', 'trust', 'needs_one_on_one'];
/** The API's own default: thin evidence ranks low. */
export const DEFAULT_SORT: ScoreSort = '-champion_lower_bound';

export const PAGE_SIZES = ['25', '50', '100', '200'];
export const DEFAULT_LIMIT = 50;

/** One view of the stakeholders table: what the URL holds and the API is asked for. */
export interface ScoreView {
  q: string;
  /** A team's id, NO_TEAM (`team=none`, as on the champion map), or null for every team. */
  teamId: string | null;
  category: Category | null;
  /** null: anyone. Leads only: the API ignores it for viewers. */
  needsOneOnOne: boolean | null;
  /** false: active only (the default view); true: archived and active. */
  includeArchived: boolean;
  sort: ScoreSort;
}

export function sortKeysFor(viewer: boolean): readonly SortKey[] {
  return viewer ? VIEWER_SORT_KEYS : LEAD_SORT_KEYS;
}

export function splitSort(sort: ScoreSort): { key: SortKey; desc: boolean } {
  const desc = sort.startsWith('-');
  return { key: (desc ? sort.slice(1) : sort) as SortKey, desc };
}

export function joinSort(key: SortKey, desc: boolean): ScoreSort {
  return (desc ? `-${key}` : key) as ScoreSort;
}

/** A `sort` from the URL, or the default when it is not one this role may use. */
export function parseSort(value: string | null, viewer: boolean): ScoreSort {
  if (!value) return DEFAULT_SORT;
  const { key } = splitSort(value as ScoreSort);
  return sortKeysFor(viewer).includes(key) ? (value as ScoreSort) : DEFAULT_SORT;
}

/**
 * The view from the URL (`q`, `team`, `category`, `needs=yes|no`, `archived=include`, `sort`).
 * Anything a role may not use (a lead's category or sort for a viewer) falls back to the default,
 * so an old or shared link never ends in an error.
 */
export function viewFromParams(params: URLSearchParams, viewer: boolean): ScoreView {
  const category = params.get('category');
  const needs = params.get('needs');
  return {
    q: params.get('q') ?? '',
    teamId: params.get('team') || null,
    category: (categoriesFor(viewer) as string[]).includes(category ?? '') ? (category as Category) : null,
    needsOneOnOne: viewer || (needs !== 'yes' && needs !== 'no') ? null : needs === 'yes',
    includeArchived: params.get('archived') === 'include',
    sort: parseSort(params.get('sort'), viewer),
  };
}

export function pageSizeFromParams(params: URLSearchParams): number {
  const limit = params.get('limit') ?? '';
  return PAGE_SIZES.includes(limit) ? Number(limit) : DEFAULT_LIMIT;
}

export function isFiltered(view: ScoreView): boolean {
  return Boolean(view.q.trim() || view.teamId || view.category || view.needsOneOnOne !== null || view.includeArchived);
}

type ViewQuery = Omit<ScoreListQuery, 'limit' | 'cursor' | 'as_of'>;

/** The API's query for a view: the same for the list and its CSV export. */
export function scoreQuery(view: ScoreView): ViewQuery & ScoreExportQuery {
  const query: ViewQuery & ScoreExportQuery = { sort: view.sort };
  if (view.q.trim()) query.q = view.q.trim();
  if (view.teamId === NO_TEAM) query.no_team = true;
  else if (view.teamId) query.team_id = view.teamId;
  if (view.category) query.category = view.category;
  if (view.needsOneOnOne !== null) query.needs_one_on_one = view.needsOneOnOne;
  if (view.includeArchived) query.include_archived = true;
  return query;
}

/**
 * The CSV of the whole view, every page, in the table's order: the API applies the same filters,
 * sort and viewer rules, and escapes cells a spreadsheet would run as formulas.
 */
export function exportHref(workspaceId: string, view: ScoreView): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(scoreQuery(view))) {
    if (value !== undefined && value !== null) params.set(name, String(value));
  }
  return `/api/v1/workspaces/${encodeURIComponent(workspaceId)}/export/scores.csv?${params}`;
}
