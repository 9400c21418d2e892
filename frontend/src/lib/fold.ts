import type { ComboboxParsedItem, OptionsFilter } from '@mantine/core';

// Letters with a stroke, and ligatures, which NFD leaves whole: as their letters.
const SPELLED: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ħ: 'h', ŧ: 't', ı: 'i', ð: 'd', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th' };
const UNSPELLED = new RegExp(`[${Object.keys(SPELLED).join('')}]`, 'g');

/**
 * Text as every search compares it: accents dropped, lower case, and the few letters that do
 * not decompose spelled out, so "zoe" finds "Zoë", "ÉLODIE" finds "Élodie" and "lukasz" finds
 * "Łukasz". The API folds names and texts by the same rule (api/kit/fold.py; fold.test.ts
 * checks both give the same for every letter), so a list filtered here and the same search
 * sent to the server (the board's CSV export, the stakeholder list) find the same people.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(UNSPELLED, (letter) => SPELLED[letter] ?? letter);
}

/** Whether `text` contains `search` by that rule (`search` already folded and trimmed). */
export function foldedIncludes(text: string, foldedSearch: string): boolean {
  return fold(text).includes(foldedSearch);
}

/**
 * Mantine's default option filter (trimmed, case-insensitive, groups kept, `limit` honoured)
 * with accents ignored too: the theme gives it to every searchable select.
 */
export const foldedOptionsFilter: OptionsFilter = ({ options, search, limit }) => {
  const q = fold(search.trim());
  const out: ComboboxParsedItem[] = [];
  for (const item of options) {
    if (out.length === limit) break;
    if ('group' in item) {
      const items = foldedOptionsFilter({ options: item.items, search, limit: limit - out.length });
      if (items.length > 0) out.push({ group: item.group, items: items as typeof item.items });
    } else if (foldedIncludes(item.label, q)) {
      out.push(item);
    }
  }
  return out;
};
