import { CATEGORY_STYLES } from '../scores/categories';
import { type Axes, axesFor, drawnAt, groupSeries, hoverCard, type MapPoint } from './points';

const GRID = { left: 56, right: 24, top: 28, bottom: 56 };

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
}

/** The ECharts option for the champion map. Pure: the chart component only hands it over. */
export function mapOption({ points, viewer, axes, teamName }: MapOptionInput) {
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
      ...(v === 'top' ? { top: GRID.top + 6 } : { bottom: GRID.bottom + 6 }),
      ...(h === 'left' ? { left: GRID.left + 8 } : { right: GRID.right + 8 }),
      style: { fill: '#495057', font: '600 12px system-ui, sans-serif', align: h === 'left' ? 'left' : 'right', lineHeight: 15 },
    };
  };

  return {
    animation: false,
    // Our own description: ECharts' generated one would list the first hundred raw values.
    aria: { enabled: true, decal: { show: false }, label: { description: mapLabel(points.length, axes) } },
    grid: GRID,
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
