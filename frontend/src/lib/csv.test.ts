import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  const columns = [
    { header: 'Name', value: (r: { name: string; n: number | null }) => r.name },
    { header: 'N', value: (r: { name: string; n: number | null }) => r.n },
  ];

  it('quotes commas, quotes and line breaks, with CRLF rows', () => {
    const csv = toCsv([{ name: 'Lee, "Sam"', n: 1.5 }, { name: 'two\nlines', n: null }], columns);
    expect(csv).toBe('Name,N\r\n"Lee, ""Sam""",1.5\r\n"two\nlines",\r\n');
  });

  it('defuses spreadsheet formulas', () => {
    expect(toCsv([{ name: '=HYPERLINK("x")', n: -1 }], columns)).toBe('Name,N\r\n"\'=HYPERLINK(""x"")",-1\r\n');
  });
});
