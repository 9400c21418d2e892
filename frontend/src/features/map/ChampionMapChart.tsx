import { useCallback, useMemo, useRef } from 'react';
import { LazyChart } from '../../components/charts/LazyChart';
import { mapLabel, mapOption, matchTip, searchOverlay } from './chartOption';
import { axesFor, type MapPoint } from './points';

interface Props {
  points: MapPoint[];
  viewer: boolean;
  matches: Set<string> | null;
  /** A search match whose hover card to show, e.g. while its link in the match list has focus. */
  focusedId?: string | null;
  teamName: (teamId: string | null) => string | null;
  onOpen: (point: MapPoint) => void;
  height?: number;
}

/** The scatter itself: x stance, y influence, size confidence, colour and shape category. */
export function ChampionMapChart({ points, viewer, matches, focusedId = null, teamName, onOpen, height = 520 }: Props) {
  const option = useMemo(() => mapOption({ points, viewer, axes: axesFor(viewer), teamName }), [points, viewer, teamName]);
  const overlay = useMemo(() => searchOverlay(points, viewer, matches), [points, viewer, matches]);
  const tip = useMemo(() => matchTip(option, points, matches, focusedId), [option, points, matches, focusedId]);

  // For e2e/map-perf.spec.ts: mark the first finished render after each new set of points.
  const marked = useRef<MapPoint[] | null>(null);
  const onRendered = useCallback(() => {
    if (marked.current === points) return;
    marked.current = points;
    performance.mark('rapport:map-rendered', { detail: { points: points.length } });
  }, [points]);

  return (
    <LazyChart
      option={option}
      overlay={overlay}
      tip={tip}
      replace
      height={height}
      label={mapLabel(points.length, axesFor(viewer))}
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
