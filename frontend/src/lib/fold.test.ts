import type { ComboboxParsedItem } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { fold, foldedIncludes, foldedOptionsFilter } from './fold';
// What the API's rule makes of every Latin, Greek and Cyrillic letter (`python -m api.kit.fold`;
// tests/api/test_search_folding.py keeps it in step with the API).
import cases from './fold.cases.json';

describe('fold', () => {
  // The same cases as the API's rule (tests/api/test_search_folding.py).
  it('drops accents and case', () => {
    expect(fold('Zoë ÉLODIE Müller Nguyễn Ångström')).toBe('zoe elodie muller nguyen angstrom');
    expect(fold('Jose\u0301 Di\u0301az')).toBe('jose diaz');
    expect(fold('José Díaz')).toBe('jose diaz');
    expect(fold('Łukasz Ødegaard Straße Đorđe')).toBe('lukasz odegaard strasse dorde');
    expect(fold('100% SURE_')).toBe('100% sure_');
  });

  it('folds every letter as the API does', () => {
    const entries = Object.entries(cases as Record<string, string>);
    expect(entries.length).toBeGreaterThan(1000);
    expect(entries.filter(([text, folded]) => fold(text) !== folded)).toEqual([]);
  });

  it('matches a folded search inside a text', () => {
    expect(foldedIncludes('Le café ferme à 18h', fold('CAFE'))).toBe(true);
    expect(foldedIncludes('Le café ferme à 18h', fold('cafés'))).toBe(false);
  });
});

describe('foldedOptionsFilter', () => {
  const options: ComboboxParsedItem[] = [
    { group: 'Due a one-on-one', items: [{ value: 'z', label: 'Zoë Ångström' }, { value: 'a', label: 'Ada' }] },
    { value: 'p', label: 'Zoe Plain' },
    { value: 'q', label: 'Zoé Third' },
  ];

  it('keeps groups, ignores accents and trims the search', () => {
    expect(foldedOptionsFilter({ options, search: '  ZOE ', limit: 10 })).toEqual([
      { group: 'Due a one-on-one', items: [{ value: 'z', label: 'Zoë Ångström' }] },
      { value: 'p', label: 'Zoe Plain' },
      { value: 'q', label: 'Zoé Third' },
    ]);
    expect(foldedOptionsFilter({ options, search: '', limit: 10 })).toEqual(options);
  });

  it('stops at the limit, counting inside groups', () => {
    expect(foldedOptionsFilter({ options, search: 'zoe', limit: 2 })).toEqual([
      { group: 'Due a one-on-one', items: [{ value: 'z', label: 'Zoë Ångström' }] },
      { value: 'p', label: 'Zoe Plain' },
    ]);
  });
});
