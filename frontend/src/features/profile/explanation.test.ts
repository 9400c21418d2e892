import { describe, expect, it } from 'vitest';
import type { Explanation } from '../../api/types';
import { explanationRows, explanationTotals } from './explanation';

// SCORING.md golden case 2 (champion 68.9: prior 4.1, behaviours 18.4, 16.4, 14.1, readiness 15.9).
const golden: Explanation = {
  prior_champion_points: 4.1309,
  prior_reluctance_points: 4.1309,
  evidence: 5.7486,
  contributions: [
    { record_type: 'signal', record_id: 'r', kind: 'readiness_check', at: '2026-11-26T09:00:00Z', decay: 1, weight: 2, champion_points: 15.8986, reluctance_points: 0 },
    { record_type: 'signal', record_id: 'b1', kind: 'champion_behavior', at: '2026-11-21T09:00:00Z', decay: 0.9622, weight: 1.4433, champion_points: 18.4203, reluctance_points: 0 },
    { record_type: 'signal', record_id: 'b2', kind: 'champion_behavior', at: '2026-11-06T09:00:00Z', decay: 0.8572, weight: 1.2858, champion_points: 16.4102, reluctance_points: 0 },
    { record_type: 'signal', record_id: 'b3', kind: 'champion_behavior', at: '2026-10-17T09:00:00Z', decay: 0.7349, weight: 1.1024, champion_points: 14.0698, reluctance_points: 0 },
  ],
  trust_inputs: [],
};

describe('why this score', () => {
  it('lists the prior and every record, and adds up to the score', () => {
    const rows = explanationRows(golden);
    expect(rows.map((r) => r.label)).toEqual([
      'Prior (what we assume before any evidence)',
      'Readiness check (commitment and efficacy)',
      'Champion behaviour',
      'Champion behaviour',
      'Champion behaviour',
    ]);
    const totals = explanationTotals(rows);
    expect(totals.champion).toBeCloseTo(68.9, 1);
    expect(totals.reluctance).toBeCloseTo(4.1, 1);
  });

  it('shows a record that adds no points as evidence, not as nothing', () => {
    const rows = explanationRows({
      ...golden,
      contributions: [
        { record_type: 'concern', record_id: 'c', kind: null, at: '2026-11-01T00:00:00Z', decay: 0.8, weight: 0.6, champion_points: 0, reluctance_points: 0 },
      ],
    });
    expect(rows[1]).toMatchObject({ label: 'Concern raised', evidenceOnly: true, weight: 0.6 });
    expect(rows[0]?.evidenceOnly).toBe(false);
  });
});
