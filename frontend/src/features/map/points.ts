import type { Category, Score } from '../../api/types';
import { CATEGORY_STYLES, categoriesFor, categoryLabel, percent, points as fmt } from '../scores/categories';
import { fold, foldedIncludes } from '../../lib/fold';

/** One stakeholder on the champion map (SCORING.md section 6). */
export interface MapPoint {
  id: string;
  name: string;
  teamId: string | null;
  category: Category;
  /** Leads: champion − reluctance (−100..100). Viewers: the champion score (0..100). */
  x: number;
  /** Influence, 1.0 to 2.0. */
  y: number;
  /** Symbol size in px, from confidence (0..1) in four steps. */
  size: number;
  confidence: number;
  champion: number;
  reluctance: number | null;
  interval: [number, number];
  influenceIsManual: boolean;
  needsOneOnOne: boolean | null;
}

/** Symbol sizes for confidence below 25%, 50%, 75%, and from 75% up. */
export const SIZE_STEPS = [6, 9, 12, 15] as const;

export function sizeStep(confidence: number): number {
  const c = Math.min(1, Math.max(0, Number.isFinite(confidence) ? confidence : 0));
  return Math.min(SIZE_STEPS.length - 1, Math.floor(c * SIZE_STEPS.length));
}

/**
 * Places a reading on the map. For viewers the API sends no reluctance, so x is the champion
 * score alone; the category is already collapsed to champion / supporter / other.
 */
export function toMapPoint(score: Score, viewer: boolean): MapPoint {
  const reluctance = viewer ? null : score.reluctance_score;
  const x = reluctance === null ? score.champion_score : score.champion_score - reluctance;
  return {
    id: score.stakeholder_id,
    name: score.name,
    teamId: score.team_id,
    category: viewer ? collapse(score.category) : score.category,
    x: clamp(x, viewer ? 0 : -100, 100),
    y: score.influence,
    size: SIZE_STEPS[sizeStep(score.confidence)] ?? SIZE_STEPS[0],
    confidence: score.confidence,
    champion: score.champion_score,
    reluctance,
    interval: [score.champion_interval[0] ?? 0, score.champion_interval[1] ?? 0],
    influenceIsManual: score.influence_is_manual,
    needsOneOnOne: viewer ? null : score.needs_one_on_one,
  };
}

/** What a viewer may see of a category; the API does this already, this is the belt to its braces. */
export function collapse(category: Category): Category {
  return category === 'champion' || category === 'supporter' ? category : 'other';
}

function clamp(value: number, low: number, high: number) {
  return Math.min(high, Math.max(low, value));
}

/** The team filter's value for people in no team (`team=none` in the map's and the stakeholder
 * list's URLs). */
export const NO_TEAM = 'none';

export interface MapFilter {
  /** A team id, NO_TEAM for people without a team, or null for everyone. */
  teamId: string | null;
  search: string;
}

export function filterPoints(all: MapPoint[], teamId: string | null): MapPoint[] {
  if (teamId === null) return all;
  const wanted = teamId === NO_TEAM ? null : teamId;
  return all.filter((p) => p.teamId === wanted);
}

/** Ids of the points whose name contains the search (case- and accent-insensitive). */
export function matchingIds(pts: MapPoint[], search: string): Set<string> | null {
  const q = fold(search.trim());
  if (!q) return null;
  return new Set(pts.filter((p) => foldedIncludes(p.name, q)).map((p) => p.id));
}

/** A quadrant's label, placed in a corner of the plot. */
export interface Quadrant {
  corner: 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
  text: string;
}

export interface Axes {
  xMin: number;
  xMax: number;
  xName: string;
  /** Where the vertical divider stands. */
  xSplit: number;
  /** Where the horizontal divider stands: influence 1.5 is a senior or opinion leader. */
  ySplit: number;
  quadrants: Quadrant[];
}

/** The map's axes for viewers (champion score across) or leads (champion − reluctance). */
export function axesFor(viewer: boolean): Axes {
  return viewer ? VIEWER_AXES : LEAD_AXES;
}

const VIEWER_AXES: Axes = {
  xMin: 0,
  xMax: 100,
  xName: 'Champion score',
  xSplit: 50,
  ySplit: 1.5,
  quadrants: [
    { corner: 'top-left', text: 'Influential,\nnot yet championing' },
    { corner: 'top-right', text: 'Influential\nchampions' },
    { corner: 'bottom-left', text: 'Not yet\nchampioning' },
    { corner: 'bottom-right', text: 'Champions and\nsupporters' },
  ],
};

const LEAD_AXES: Axes = {
  xMin: -100,
  xMax: 100,
  xName: 'Champion score − reluctance score',
  xSplit: 0,
  ySplit: 1.5,
  quadrants: [
    { corner: 'top-left', text: 'Influential, reluctant:\ntalk to them first' },
    { corner: 'top-right', text: 'Influential, supportive:\nenlist as champions' },
    { corner: 'bottom-left', text: 'Reluctant:\nlisten to concerns' },
    { corner: 'bottom-right', text: 'Supportive:\nacknowledge them' },
  ],
};

/**
 * Where each point is drawn. People whose readings put them on (nearly) the same spot would
 * hide one another, so each such group is spread on a small sunflower around its centre: every
 * person shows, and a crowded spot looks crowded. The spread grows with the group (up to a
 * bound, so a dense map keeps its shape), never carries a point across the dividers, and is the
 * same every time for the same points. The hover card gives the exact values.
 */
export function drawnAt(pts: readonly MapPoint[], axes: Axes): [number, number][] {
  const cached = DRAWN.get(pts);
  if (cached && cached.axes === axes) return cached.at;
  const cellX = (axes.xMax - axes.xMin) * 0.012;
  const cellY = 0.02;
  const groups = new Map<string, number[]>();
  pts.forEach((p, i) => {
    const key = `${Math.round(p.x / cellX)}:${Math.round(p.y / cellY)}`;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  const at: [number, number][] = pts.map((p) => [p.x, p.y]);
  for (const members of groups.values()) {
    const k = members.length;
    if (k < 2) continue;
    let cx = 0;
    let cy = 0;
    for (const i of members) {
      cx += pts[i]!.x;
      cy += pts[i]!.y;
    }
    cx /= k;
    cy /= k;
    const reach = Math.min(Math.sqrt(k), 5) * 0.9;
    members.forEach((i, n) => {
      const p = pts[i]!;
      const r = Math.sqrt((n + 0.5) / k) * reach;
      const angle = n * GOLDEN_ANGLE;
      const x = cx + r * Math.cos(angle) * cellX;
      const y = cy + r * Math.sin(angle) * cellY;
      at[i] = [sameSide(x, p.x, axes.xSplit, cellX / 4, axes.xMin, axes.xMax), sameSide(y, p.y, axes.ySplit, cellY / 4, 0.92, Infinity)];
    });
  }
  DRAWN.set(pts, { axes, at });
  return at;
}

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
const DRAWN = new WeakMap<readonly MapPoint[], { axes: Axes; at: [number, number][] }>();

/** `drawn`, kept on the same side of `split` as `actual` and within [low, high]. */
function sameSide(drawn: number, actual: number, split: number, margin: number, low: number, high: number): number {
  const sided = actual >= split ? Math.max(drawn, Math.min(actual, split + margin)) : Math.min(drawn, Math.max(actual, split - margin));
  return Math.min(high, Math.max(low, sided));
}

/** One ECharts series per category and size step: large mode draws a series with one symbol size. */
export interface SeriesData {
  id: string;
  category: Category;
  size: number;
  /** [x, y, index into the points array] */
  data: [number, number, number][];
}

export function groupSeries(pts: MapPoint[], viewer: boolean, axes: Axes = axesFor(viewer)): SeriesData[] {
  const at = drawnAt(pts, axes);
  const byKey = new Map<string, SeriesData>();
  for (const category of categoriesFor(viewer)) {
    for (const size of SIZE_STEPS) byKey.set(`${category}:${size}`, { id: `${category}:${size}`, category, size, data: [] });
  }
  pts.forEach((p, i) => {
    const key = `${p.category}:${p.size}`;
    let series = byKey.get(key);
    if (!series) {
      series = { id: key, category: p.category, size: p.size, data: [] };
      byKey.set(key, series);
    }
    series.data.push([at[i]![0], at[i]![1], i]);
  });
  return [...byKey.values()].filter((s) => s.data.length > 0);
}

export function countByCategory(pts: MapPoint[]): Map<Category, number> {
  const counts = new Map<Category, number>();
  for (const p of pts) counts.set(p.category, (counts.get(p.category) ?? 0) + 1);
  return counts;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** What the hover card says about a point, as plain text lines (after the name). */
export function cardLines(p: MapPoint, teamName: string | null): string[] {
  const rows = [
    teamName ?? 'No team',
    `${categoryLabel(p.category)} (${CATEGORY_STYLES[p.category].shape})`,
    `Champion ${fmt(p.champion)} (80%: ${fmt(p.interval[0])}–${fmt(p.interval[1])})`,
  ];
  if (p.reluctance !== null) rows.push(`Reluctance ${fmt(p.reluctance)}`);
  rows.push(`Confidence ${percent(p.confidence)} · Influence ${p.y.toFixed(2)}${p.influenceIsManual ? ' (manual)' : ''}`);
  if (p.needsOneOnOne) rows.push('Needs a one-on-one');
  return rows;
}

/** The hover card's content (ECharts renders it as HTML, so every name is escaped). */
export function hoverCard(p: MapPoint, teamName: string | null): string {
  return [`<strong>${escapeHtml(p.name)}</strong>`, ...cardLines(p, teamName).map(escapeHtml), '<em>Click to open the profile</em>'].join('<br/>');
}
