import { afterEach, describe, expect, it, vi } from 'vitest';

const zone = process.env.TZ;

afterEach(() => {
  process.env.TZ = zone;
  vi.resetModules();
});

/** The module as a reader in `tz` loads it (its formatters take the zone when made). */
async function formatIn(tz: string) {
  process.env.TZ = tz;
  vi.resetModules();
  return import('./format');
}

describe('formatDate', () => {
  it('shows a calendar date as the day it names, west and east of UTC', async () => {
    for (const tz of ['America/Los_Angeles', 'UTC', 'Pacific/Auckland']) {
      const { formatDate, formatDayMonth } = await formatIn(tz);
      expect(formatDate('2026-12-01'), tz).toBe('Dec 1, 2026');
      expect(formatDayMonth('2026-12-01'), tz).toBe('Dec 1');
    }
  });

  it("shows a moment's date where the reader is", async () => {
    const { formatDate, formatDateTime } = await formatIn('America/Los_Angeles');
    expect(formatDate('2026-12-01T03:00:00Z')).toBe('Nov 30, 2026');
    expect(formatDateTime('2026-12-01T03:00:00Z')).toBe('Nov 30, 2026, 7:00 PM');
    expect(formatDate(null)).toBe('—');
    expect(formatDate('not a date')).toBe('not a date');
  });
});

describe('noBreakHyphens', () => {
  it('joins hyphenated words with non-breaking hyphens', async () => {
    const { noBreakHyphens } = await import('./format');
    expect(noBreakHyphens('Need a one-on-one')).toBe('Need a one\u2011on\u2011one');
    expect(noBreakHyphens('Mean trust')).toBe('Mean trust');
  });
});

describe('today', () => {
  it('is the browser’s own calendar day, late in its evening too', async () => {
    const { today } = await formatIn('America/Los_Angeles');
    expect(today(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});
