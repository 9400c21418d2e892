import type { Explanation } from '../../api/types';
import { recordLabel } from '../scores/labels';

/** One line of "why this score": the prior, or one record and the points it adds. */
export interface ExplanationRow {
  id: string;
  /** Null for the prior. */
  recordId: string | null;
  at: string | null;
  label: string;
  /** Evidence the record still carries after decay (w × d); null for the prior. */
  weight: number | null;
  decay: number | null;
  champion: number;
  reluctance: number;
  /** Adds no points to either score but still counts as evidence (lowers the uncertainty). */
  evidenceOnly: boolean;
}

/** The prior first, then every record that counts, as the API orders them (newest first). */
export function explanationRows(e: Explanation): ExplanationRow[] {
  const prior: ExplanationRow = {
    id: 'prior',
    recordId: null,
    at: null,
    label: 'Prior (what we assume before any evidence)',
    weight: null,
    decay: null,
    champion: e.prior_champion_points,
    reluctance: e.prior_reluctance_points,
    evidenceOnly: false,
  };
  return [
    prior,
    ...e.contributions.map((c) => ({
      id: `${c.record_type}:${c.record_id}`,
      recordId: c.record_id,
      at: c.at,
      label: recordLabel(c.record_type, c.kind),
      weight: c.weight,
      decay: c.decay,
      champion: c.champion_points,
      reluctance: c.reluctance_points,
      evidenceOnly: Math.abs(c.champion_points) < 0.05 && Math.abs(c.reluctance_points) < 0.05,
    })),
  ];
}

/** Prior + contributions: SCORING.md promises this equals the score, to within rounding. */
export function explanationTotals(rows: ExplanationRow[]) {
  return rows.reduce((t, r) => ({ champion: t.champion + r.champion, reluctance: t.reluctance + r.reluctance }), {
    champion: 0,
    reluctance: 0,
  });
}
