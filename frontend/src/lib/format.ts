const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
// A calendar date ("2026-12-01": a due date, a booked one-on-one) parses as UTC midnight, which
// west of UTC is the evening before: read it back in UTC so it stays the day it names.
const calendarDateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const dayMonthFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** A moment's date where the reader is, or a calendar date as the day it names. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return (CALENDAR_DATE.test(iso) ? calendarDateFormat : dateFormat).format(d);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFormat.format(d);
}

/** A calendar date ("2026-11-30") without its year, for a narrow column: "Nov 30". */
export function formatDayMonth(date: string): string {
  const d = new Date(date);
  return CALENDAR_DATE.test(date) && !Number.isNaN(d.getTime()) ? dayMonthFormat.format(d) : date;
}

/** A label whose hyphenated words ("one-on-one") never break across lines: non-breaking
 * hyphens (U+2011), for display only; accessible names keep the plain text. */
export function noBreakHyphens(label: string): string {
  return label.replace(/-/g, '\u2011');
}

/** Today as the API's calendar date (the browser's own day). */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
