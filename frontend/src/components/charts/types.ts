export interface ChartClick {
  seriesIndex: number;
  seriesId: string;
  dataIndex: number;
  /** The clicked item's value as given in the option's data. */
  value: unknown;
}

export interface ChartProps {
  /** An ECharts option object (see https://echarts.apache.org/en/option.html). */
  option: object;
  /** A partial option merged on top (by series id), for cheap updates such as a highlight. */
  overlay?: object;
  height: number | string;
  /** What the chart shows, for screen readers; pages also give the numbers in text or a table. */
  label: string;
  onClick?: (event: ChartClick) => void;
  /** Called when a render pass has finished (ECharts' `finished` event). */
  onRendered?: () => void;
  /**
   * Show the hover card of this item as if the mouse were on it (null hides it): the keyboard's
   * way to a point's details. The item must be drawn on its own (not a large-mode series).
   */
  tip?: { seriesIndex: number; dataIndex: number } | null;
  /** Replace the whole option instead of merging into the previous one. */
  replace?: boolean;
  testId?: string;
}
