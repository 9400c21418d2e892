// The one place that imports ECharts. Only the chart types and components the app uses are
// registered (tree-shaken `echarts/core`), and this module is only ever loaded lazily through
// ./LazyChart.tsx, so none of it counts against the first download (`npm run size`).
import { BarChart, LineChart, RadarChart, ScatterChart } from 'echarts/charts';
import {
  AriaComponent,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  RadarComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { ChartProps } from './types';

echarts.use([
  BarChart,
  ScatterChart,
  LineChart,
  RadarChart,
  GridComponent,
  TitleComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  GraphicComponent,
  RadarComponent,
  AriaComponent,
  CanvasRenderer,
]);

/**
 * Draws `option` off screen at `width` × `height` (CSS pixels, times `pixelRatio`) and gives
 * the picture as a PNG data URL: for saving a chart as an image, with whatever title and
 * legend that option adds. Turn progressive rendering off in it, so one pass draws it all.
 */
export function renderImage(option: object, { width, height, pixelRatio }: { width: number; height: number; pixelRatio: number }): Promise<string> {
  const node = document.createElement('div');
  const instance = echarts.init(node, undefined, { renderer: 'canvas', width, height, devicePixelRatio: pixelRatio });
  return new Promise<string>((resolve, reject) => {
    instance.on('finished', () => {
      try {
        resolve(instance.getDataURL({ type: 'png', pixelRatio, backgroundColor: '#ffffff' }));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    instance.setOption(option as echarts.EChartsCoreOption);
  }).finally(() => instance.dispose());
}

/** A thin React wrapper: one ECharts instance per element, resized with its box. */
export default function EChart({ option, overlay, height, label, onClick, onRendered, tip, replace = false, testId }: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const handlers = useRef({ onClick, onRendered });
  useEffect(() => {
    handlers.current = { onClick, onRendered };
  });

  useEffect(() => {
    const node = el.current;
    if (!node) return undefined;
    const instance = echarts.init(node, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => {
      if (typeof params.seriesIndex === 'number' && typeof params.dataIndex === 'number') {
        handlers.current.onClick?.({
          seriesIndex: params.seriesIndex,
          seriesId: String(params.seriesId ?? ''),
          dataIndex: params.dataIndex,
          value: params.value ?? params.data,
        });
      }
    });
    instance.on('finished', () => handlers.current.onRendered?.());
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(node);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // With aria on, ECharts writes its own aria-label on this element (a dump of the first raw
    // values), replacing ours: hand it our label as the description unless the option has one.
    const aria = (option as { aria?: { label?: object } }).aria;
    const full = aria ? { ...option, aria: { ...aria, label: { description: label, ...aria.label } } } : option;
    // `replace` drops series that are gone (a team filter, a search); otherwise options merge.
    chart.current?.setOption(full as echarts.EChartsCoreOption, { notMerge: replace, lazyUpdate: true });
  }, [option, replace, label]);

  useEffect(() => {
    // Runs after the option effect above whenever either changes, so the overlay survives a reset.
    if (overlay) chart.current?.setOption(overlay as echarts.EChartsCoreOption, { lazyUpdate: true });
  }, [option, overlay]);

  const tipped = useRef(false);
  const tipSeries = tip?.seriesIndex;
  const tipItem = tip?.dataIndex;
  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    if (tipSeries !== undefined && tipItem !== undefined) {
      instance.dispatchAction({ type: 'showTip', seriesIndex: tipSeries, dataIndex: tipItem });
      tipped.current = true;
    } else if (tipped.current) {
      // Only a tip we showed: never close the one under the mouse.
      instance.dispatchAction({ type: 'hideTip' });
      tipped.current = false;
    }
  }, [tipSeries, tipItem]);

  return <div ref={el} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />;
}
