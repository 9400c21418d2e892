import { fold } from '../../lib/fold';
import { CATEGORY_STYLES, categoriesFor } from '../scores/categories';
import { type Axes, axesFor, countByCategory, drawnAt, groupSeries, hoverCard, type MapPoint } from './points';

interface Grid {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const GRID: Grid = { left: 56, right: 24, top: 28, bottom: 56 };

// Large mode draws each series as one path (fast for 10,000 points, hover still works);
// progressive rendering spreads the first paint over frames so the page never freezes.
const LARGE = { large: true, largeThreshold: 50, progressive: 2000, progressiveThreshold: 3000 } as const;

/** The chart's accessible name: what it shows, and how to reach each person without a mouse. */
export function mapLabel(count: number, axes: Axes): string {
  return (
    `Champion map of ${count} stakeholders: ${axes.xName} across, influence up. ` +
    'To read each person’s card with the keyboard, search by name and tab through the matches, or show the map as a list.'
  );
}

export interface MapOptionInput {
  points: MapPoint[];
  viewer: boolean;
  axes: Axes;
  teamName: (teamId: string | null) => string | null;
  /** Where the plot sits in the canvas (the saved image leaves room for a title and legend). */
  grid?: Grid;
}

/** The ECharts option for the champion map. Pure: the chart component only hands it over. */
export function mapOption({ points, viewer, axes, teamName, grid = GRID }: MapOptionInput) {
  const series: object[] = groupSeries(points, viewer, axes).map((s) => ({
    id: s.id,
    name: CATEGORY_STYLES[s.category].label,
    type: 'scatter',
    ...LARGE,
    symbol: CATEGORY_STYLES[s.category].symbol,
    symbolRotate: CATEGORY_STYLES[s.category].rotate ?? 0,
    symbolSize: s.size,
    itemStyle: {
      color: CATEGORY_STYLES[s.category].color,
      borderColor: '#1f1f1f',
      borderWidth: 0.6,
      opacity: 0.85,
    },
    emphasis: { scale: 1.6, itemStyle: { opacity: 1, borderWidth: 1.5 } },
    dimensions: ['x', 'y', 'i'],
    encode: { x: 0, y: 1 },
    data: s.data,
  }));

  // The dividers and, on top, the search matches ringed in black (see searchOverlay).
  series.push({
    id: 'matches',
    name: 'Search matches',
    type: 'scatter',
    z: 10,
    symbol: 'circle',
    symbolSize: (value: [number, number, number]) => (points[value[2]]?.size ?? 9) + 10,
    itemStyle: { color: 'rgba(255,255,255,0)', borderColor: '#000', borderWidth: 2.5 },
    dimensions: ['x', 'y', 'i'],
    encode: { x: 0, y: 1 },
    data: [],
    markLine: {
      silent: true,
      symbol: ['none', 'none'],
      label: { show: false },
      lineStyle: { color: '#868e96', type: 'dashed', width: 1 },
      data: [{ xAxis: axes.xSplit }, { yAxis: axes.ySplit }],
    },
  });

  const maxInfluence = points.reduce((m, p) => Math.max(m, p.y), 2);
  const corner = (c: string) => {
    const [v, h] = c.split('-');
    return {
      type: 'text',
      silent: true,
      ...(v === 'top' ? { top: grid.top + 6 } : { bottom: grid.bottom + 6 }),
      ...(h === 'left' ? { left: grid.left + 8 } : { right: grid.right + 8 }),
      style: { fill: '#495057', font: '600 12px system-ui, sans-serif', align: h === 'left' ? 'left' : 'right', lineHeight: 15 },
    };
  };

  return {
    animation: false,
    // Our own description: ECharts' generated one would list the first hundred raw values.
    aria: { enabled: true, decal: { show: false }, label: { description: mapLabel(points.length, axes) } },
    grid,
    xAxis: {
      type: 'value',
      min: axes.xMin,
      max: axes.xMax,
      name: axes.xName,
      nameLocation: 'middle',
      nameGap: 30,
      axisLabel: { color: '#495057' },
      nameTextStyle: { color: '#212529' },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: 0.9,
      max: Math.ceil((maxInfluence + 0.1) * 10) / 10,
      name: 'Influence',
      nameLocation: 'middle',
      nameGap: 38,
      axisLabel: { color: '#495057', formatter: (v: number) => v.toFixed(1), showMinLabel: false, showMaxLabel: false },
      nameTextStyle: { color: '#212529' },
      splitLine: { lineStyle: { color: '#f1f3f5' } },
    },
    tooltip: {
      trigger: 'item',
      confine: true,
      enterable: false,
      formatter: (params: { data?: unknown }) => {
        const data = params.data as [number, number, number] | undefined;
        const p = data ? points[data[2]] : undefined;
        return p ? hoverCard(p, teamName(p.teamId)) : '';
      },
    },
    graphic: axes.quadrants.map((q) => {
      const el = corner(q.corner);
      return { ...el, style: { ...el.style, text: q.text } };
    }),
    series,
  };
}

/**
 * What a search changes: the other points fade and the matches get a ring. Merged into the
 * option by series id, so typing in the search never re-sends 10,000 points.
 */
export function searchOverlay(points: MapPoint[], viewer: boolean, matches: Set<string> | null) {
  const found: [number, number, number][] = [];
  const at = drawnAt(points, axesFor(viewer));
  if (matches) points.forEach((p, i) => matches.has(p.id) && found.push([at[i]![0], at[i]![1], i]));
  return {
    series: [
      ...groupSeries(points, viewer).map((s) => ({ id: s.id, itemStyle: { opacity: matches ? 0.2 : 0.85 } })),
      { id: 'matches', data: found },
    ],
  };
}

/**
 * Where a search match sits in the option (the ringed overlay series, drawn item by item
 * unlike the large-mode series), so its hover card can be shown without a mouse.
 */
export function matchTip(option: { series: object[] }, points: MapPoint[], matches: Set<string> | null, id: string | null) {
  if (!id || !matches?.has(id)) return null;
  let dataIndex = 0;
  for (const p of points) {
    if (p.id === id) return { seriesIndex: option.series.length - 1, dataIndex };
    if (matches.has(p.id)) dataIndex += 1;
  }
  return null;
}

/** The saved image's size in CSS pixels (drawn at twice that): a 14:9 slide-ready picture. */
export const IMAGE_SIZE = { width: 1400, height: 900, pixelRatio: 2 } as const;
const IMAGE_GRID: Grid = { left: 72, right: 40, top: 96, bottom: 128 };
// Legend icons for symbols ECharts' legend cannot rotate (the downward triangle).
const DOWN_TRIANGLE = 'path://M0,0 L10,0 L5,10 Z';

export interface MapImageInput extends MapOptionInput {
  matches: Set<string> | null;
  title: string;
  /** Whose map, which team, how many people, when; a search, if one rings people. */
  subtitle: string;
  footer: string;
}

/**
 * The champion map as a picture for a meeting or a slide: the map as the page shows it (the
 * team, a search's rings), with a title, a legend with each category's count and the scores'
 * caveat, drawn in one pass (no progressive rendering) on white. Names are not drawn: the
 * picture can travel further than the workspace.
 */
export function mapImageOption(input: MapImageInput) {
  const { points, viewer, matches, title, subtitle, footer } = input;
  const option = mapOption({ ...input, grid: IMAGE_GRID });
  const overlay = searchOverlay(points, viewer, matches).series as { id: string; itemStyle?: object; data?: unknown }[];
  const byId = new Map(overlay.map((o) => [o.id, o]));
  const series = (option.series as { id: string; itemStyle?: object }[]).map((s) => {
    const o = byId.get(s.id);
    const merged = o ? { ...s, ...o, itemStyle: { ...s.itemStyle, ...o.itemStyle } } : s;
    return { ...merged, progressive: 0, silent: true };
  });
  const counts = countByCategory(points);
  const legend = categoriesFor(viewer).map((category) => {
    const style = CATEGORY_STYLES[category];
    return {
      name: style.label,
      icon: style.rotate ? DOWN_TRIANGLE : style.symbol,
      itemStyle: { color: style.color, borderColor: '#1f1f1f', borderWidth: 0.6 },
    };
  });
  const countOf = new Map(categoriesFor(viewer).map((c) => [CATEGORY_STYLES[c].label, counts.get(c) ?? 0]));
  // Drawn off screen, once: no hover cards, no screen-reader description (the page has both).
  const drawn = { ...option, aria: { enabled: false }, tooltip: { show: false } };
  return {
    ...drawn,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: 'system-ui, sans-serif' },
    title: {
      text: title,
      subtext: subtitle,
      left: IMAGE_GRID.left - 8,
      top: 20,
      textStyle: { color: '#212529', fontSize: 22, fontWeight: 600 },
      subtextStyle: { color: '#495057', fontSize: 14 },
    },
    legend: {
      data: legend,
      bottom: 52,
      left: 'center',
      itemGap: 22,
      itemWidth: 16,
      itemHeight: 16,
      selectedMode: false,
      textStyle: { color: '#212529', fontSize: 14 },
      formatter: (name: string) => `${name} ${countOf.get(name) ?? 0}`,
    },
    graphic: [
      ...drawn.graphic,
      {
        type: 'text',
        silent: true,
        left: 'center',
        bottom: 18,
        style: { text: footer, fill: '#495057', font: '13px system-ui, sans-serif' },
      },
    ],
    series,
  };
}

/** `champion-map-<workspace>[-<team>]-<date>.png`, in plain letters and dashes. */
export function mapImageFileName(workspace: string, team: string | null, day: string): string {
  const slug = (s: string) =>
    fold(s)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  return ['champion-map', slug(workspace), ...(team ? [slug(team)] : []), day].filter(Boolean).join('-') + '.png';
}
