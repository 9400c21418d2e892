import type { ChallengeGroup } from '../../api/types';

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
