import { useCallback, useMemo, useRef } from 'react';
import { LazyChart } from '../../components/charts/LazyChart';
import { mapOption, searchOverlay } from './chartOption';
import { axesFor, type MapPoint } from './points';

interface Props {
  points: MapPoint[];
  viewer: boolean;
  matches: Set<string> | null;
  teamName: (teamId: string | null) => string | null;
  onOpen: (point: MapPoint) => void;
  height?: number;
}

/** The scatter itself: x stance, y influence, size confidence, colour and shape category. */
export function ChampionMapChart({ points, viewer, matches, teamName, onOpen, height = 520 }: Props) {
  const option = useMemo(() => mapOption({ points, viewer, axes: axesFor(viewer), teamName }), [points, viewer, teamName]);
  const overlay = useMemo(() => searchOverlay(points, viewer, matches), [points, viewer, matches]);

  // For e2e/map-perf.spec.ts: mark the first finished render after each new set of points.
  const marked = useRef<MapPoint[] | null>(null);
  const onRendered = useCallback(() => {
    if (marked.current === points) return;
    marked.current = points;
    performance.mark('rapport:map-rendered', { detail: { points: points.length } });
  }, [points]);

  const label = `Champion map of ${points.length} stakeholders: ${axesFor(viewer).xName} across, influence up.`;
  return (
    <LazyChart
      option={option}
      overlay={overlay}
      replace
      height={height}
      label={label}
      testId="champion-map-chart"
      onRendered={onRendered}
      onClick={({ value }) => {
        // Every point's third value is its index into `points`.
        const index = Array.isArray(value) ? Number(value[2]) : NaN;
        const p = points[index];
        if (p) onOpen(p);
      }}
    />
  );
}
