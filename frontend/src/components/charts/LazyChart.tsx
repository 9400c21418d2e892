import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import type { ChartProps } from './types';

// ECharts loads on first use: its chunk stays out of the initial JS (`npm run size`).
const load = () => import('./EChart');
const EChart = lazy(load);

/** Starts fetching the chart code now, so it arrives alongside a page's data rather than after. */
export function preloadCharts(): void {
  void load();
}

export function LazyChart(props: ChartProps) {
  return (
    <Suspense
      fallback={
        <Center h={props.height} role="status" aria-label="Loading chart">
          <Loader size="sm" aria-hidden />
        </Center>
      }
    >
      <EChart {...props} />
    </Suspense>
  );
}
