import type { Category } from '../../api/types';

/**
 * How each category looks, everywhere a category is drawn. Colours are the Okabe-Ito palette,
 * which stays distinguishable with the common colour-vision deficiencies; every category also has
 * its own shape, so nobody has to tell colours apart at all. Viewers see champion, supporter and
 * other only (the API collapses the rest).
 */
export interface CategoryStyle {
  label: string;
  color: string;
  /** A built-in ECharts symbol. */
  symbol: string;
  /** Degrees, anticlockwise (ECharts' `symbolRotate`). */
  rotate?: number;
  /** The shape in words, for the legend and screen readers. */
  shape: string;
  /** A one-line meaning from SCORING.md section 5. */
  meaning: string;
}

// Built-in ECharts symbols only: in large mode (needed for 10,000 points) an SVG `path://`
// symbol never finishes rendering (ECharts 6.1), so the shapes are built-ins, one rotated.
export const CATEGORY_STYLES: Record<Category, CategoryStyle> = {
  champion: {
    label: 'Champion',
    color: '#009E73',
    symbol: 'diamond',
    shape: 'diamond',
    meaning: 'High champion score, low reluctance, with recent champion behaviour',
  },
  supporter: { label: 'Supporter', color: '#0072B2', symbol: 'circle', shape: 'circle', meaning: 'Champion score of 45 or more' },
  neutral: { label: 'Neutral', color: '#7A7A7A', symbol: 'rect', shape: 'square', meaning: 'Neither support nor reluctance stands out' },
  ambivalent: {
    label: 'Ambivalent',
    color: '#CC79A7',
    symbol: 'triangle',
    shape: 'triangle',
    meaning: 'Support and reluctance at once',
  },
  hesitant: { label: 'Hesitant', color: '#E69F00', symbol: 'triangle', rotate: 180, shape: 'downward triangle', meaning: 'Reluctance score of 35 or more' },
  reluctant: { label: 'Reluctant', color: '#D55E00', symbol: 'pin', shape: 'pin', meaning: 'High reluctance on enough evidence' },
  unknown: { label: 'Unknown', color: '#56B4E9', symbol: 'emptyCircle', shape: 'ring', meaning: 'Too little, or no recent, evidence' },
  other: { label: 'Other', color: '#7A7A7A', symbol: 'rect', shape: 'square', meaning: 'Not a champion or supporter (details are for leads)' },
};

/** The order legends and counts list categories in: most supportive first. */
export const LEAD_CATEGORIES: Category[] = ['champion', 'supporter', 'neutral', 'ambivalent', 'hesitant', 'reluctant', 'unknown'];
export const VIEWER_CATEGORIES: Category[] = ['champion', 'supporter', 'other'];

export function categoriesFor(viewer: boolean): Category[] {
  return viewer ? VIEWER_CATEGORIES : LEAD_CATEGORIES;
}

export function categoryLabel(category: string): string {
  return (CATEGORY_STYLES as Record<string, CategoryStyle | undefined>)[category]?.label ?? category;
}

/** Mantine badge colours for categories (the chart colours are for shapes, not text). */
export const CATEGORY_BADGE: Record<Category, string> = {
  champion: 'teal',
  supporter: 'blue',
  neutral: 'gray',
  ambivalent: 'grape',
  hesitant: 'orange',
  reluctant: 'red',
  unknown: 'cyan',
  other: 'gray',
};

/**
 * Text colour for a light badge of `color`: the default shade falls below 4.5:1 on its own
 * tint, the darkest passes.
 */
export function badgeText(color: string): string {
  return color === 'gray' ? 'gray.8' : `${color}.9`;
}

export const TRUST_LEVEL_LABELS: Record<string, string> = {
  unknown: 'Unknown (too little evidence)',
  low: 'Low',
  developing: 'Developing',
  established: 'Established',
  high: 'High',
};

/** A score to one decimal, as SCORING.md's worked examples print them. */
export function points(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return value.toFixed(digits);
}

export function percent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined) return '—';
  return `${Math.round(fraction * 100)}%`;
}
