import type { ChallengeGroup } from '../../api/types';
import { constructLabel, domainLabel } from '../scores/labels';

export interface DomainGroup {
  domain: string | null;
  /** Sum of severity × influence over the domain's open concerns. */
  weight: number;
  groups: ChallengeGroup[];
}

/** Groups the API's constructs under their domains, heaviest domain first; order within kept. */
export function byDomain(groups: ChallengeGroup[]): DomainGroup[] {
  const out = new Map<string | null, DomainGroup>();
  for (const g of groups) {
    const d = out.get(g.cfir_domain) ?? { domain: g.cfir_domain, weight: 0, groups: [] };
    d.weight += g.weight;
    d.groups.push(g);
    out.set(g.cfir_domain, d);
  }
  // Concerns with no domain go last whatever their weight: there is nothing to focus on.
  return [...out.values()].sort((a, b) => Number(a.domain === null) - Number(b.domain === null) || b.weight - a.weight);
}

export function isFocus(focus: { cfir_domain: string; cfir_construct: string | null } | null, g: ChallengeGroup): boolean {
  return focus !== null && focus.cfir_domain === g.cfir_domain && focus.cfir_construct === g.cfir_construct;
}

/** How many challenges the weight chart shows, heaviest first. */
export const CHART_SHOWN = 8;

// One colour per CFIR domain (Okabe-Ito, told apart with colour-blindness too); grey for none.
export const DOMAIN_COLORS: Record<string, string> = {
  innovation: '#0072B2',
  outer_setting: '#E69F00',
  inner_setting: '#009E73',
  individuals: '#CC79A7',
  implementation_process: '#D55E00',
};
const NO_DOMAIN_COLOR = '#999999';

/** A domain's colour on the weight chart and its legend. */
export function domainColor(domain: string | null): string {
  return (domain && DOMAIN_COLORS[domain]) || NO_DOMAIN_COLOR;
}

/** A challenge's name on the chart: its construct, or its domain when it names none. */
export function challengeName(g: ChallengeGroup): string {
  if (g.cfir_construct) return constructLabel(g.cfir_construct);
  return g.cfir_domain ? `${domainLabel(g.cfir_domain)} (no construct)` : 'No CFIR domain';
}

/**
 * The heaviest challenges as horizontal bars (ECharts option): weight (severity × influence)
 * per challenge, coloured by domain, the focus marked in its name. `shown` is the groups
 * drawn and `names` their names, in the order of the bars from the top (a click gives the
 * bar's index).
 */
export function weightChart(
  groups: ChallengeGroup[],
  focus: { cfir_domain: string; cfir_construct: string | null } | null,
): { option: object; shown: ChallengeGroup[]; names: string[] } {
  const shown = [...groups].sort((a, b) => b.weight - a.weight).slice(0, CHART_SHOWN);
  const names = shown.map((g) => `${challengeName(g)}${isFocus(focus, g) ? ' (our focus)' : ''}`);
  const option = {
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 36, containLabel: true },
    xAxis: { type: 'value', name: 'Weight (severity × influence)', nameLocation: 'middle', nameGap: 26, minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: names, axisTick: { show: false }, axisLabel: { width: 260, overflow: 'truncate' } },
    tooltip: { trigger: 'item' },
    series: [
      {
        id: 'weight',
        type: 'bar',
        barMaxWidth: 22,
        cursor: 'pointer',
        label: { show: true, position: 'right', formatter: ({ value }: { value: number }) => value.toFixed(1) },
        data: shown.map((g, i) => ({
          value: Number(g.weight.toFixed(1)),
          name: names[i],
          itemStyle: { color: domainColor(g.cfir_domain) },
          tooltip: {
            formatter: `${names[i]}<br/>${domainLabel(g.cfir_domain)}<br/>${g.open_concerns} open concern${g.open_concerns === 1 ? '' : 's'} from ${g.stakeholders} ${g.stakeholders === 1 ? 'person' : 'people'} · weight ${g.weight.toFixed(1)}`,
          },
        })),
      },
    ],
  };
  return { option, shown, names };
}
