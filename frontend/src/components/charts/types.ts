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
  /** Replace the whole option instead of merging into the previous one. */
  replace?: boolean;
  testId?: string;
}
