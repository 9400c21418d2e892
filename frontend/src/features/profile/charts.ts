import type { HistoryPoint, Trust } from '../../api/types';

/** The trust triangle: one axis per factor of the Center for Implementation's trust model. */
export function trustOption(trust: Trust, wobbleBelow = 40) {
  return {
    animation: false,
    aria: { enabled: true },
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, data: ['Trust', `Wobble line (${wobbleBelow})`], textStyle: { color: '#343a40' } },
    radar: {
      shape: 'polygon',
      radius: '62%',
      center: ['50%', '48%'],
      indicator: [
        { name: 'Authenticity', max: 100 },
        { name: 'Competence', max: 100 },
        { name: 'Empathy', max: 100 },
      ],
      axisName: { color: '#212529', fontWeight: 600 },
      splitArea: { areaStyle: { color: ['#fff', '#f8f9fa'] } },
    },
    series: [
      {
        type: 'radar',
        symbolSize: 6,
        data: [
          {
            name: 'Trust',
            value: [trust.authenticity, trust.competence, trust.empathy].map((v) => Math.round(v * 10) / 10),
            itemStyle: { color: '#0072B2' },
            areaStyle: { color: 'rgba(0, 114, 178, 0.25)' },
          },
          {
            name: `Wobble line (${wobbleBelow})`,
            value: [wobbleBelow, wobbleBelow, wobbleBelow],
            symbol: 'none',
            itemStyle: { color: '#D55E00' },
            lineStyle: { type: 'dashed', width: 1 },
          },
        ],
      },
    ],
  };
}

/** Champion, reluctance and trust week by week; reluctance is absent for viewers. */
export function historyOption(points: HistoryPoint[]) {
  const day = (iso: string) => iso.slice(0, 10);
  return {
    animation: false,
    aria: { enabled: true },
    grid: { left: 40, right: 16, top: 16, bottom: 56 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => (typeof v === 'number' ? v.toFixed(1) : String(v)) },
    legend: { bottom: 0, textStyle: { color: '#343a40' } },
    xAxis: { type: 'category', data: points.map((p) => day(p.as_of)), axisLabel: { color: '#495057' } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { color: '#495057' } },
    series: [
      { name: 'Champion', type: 'line', data: points.map((p) => p.champion_score), itemStyle: { color: '#009E73' }, symbol: 'diamond', symbolSize: 7 },
      { name: 'Reluctance', type: 'line', data: points.map((p) => p.reluctance_score), itemStyle: { color: '#D55E00' }, symbol: 'triangle', symbolSize: 7 },
      {
        name: 'Trust',
        type: 'line',
        data: points.map((p) => p.trust_score),
        itemStyle: { color: '#0072B2' },
        lineStyle: { type: 'dashed' },
        symbol: 'circle',
        symbolSize: 5,
      },
    ],
  };
}
