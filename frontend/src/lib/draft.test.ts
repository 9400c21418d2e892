import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDraftStore, useDraft } from './draft';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createDraftStore', () => {
  it('saves, loads and clears under a namespaced key', () => {
    const store = createDraftStore<{ a: number }>('test');
    expect(store.load()).toBeNull();
    store.save({ a: 1 });
    expect(JSON.parse(localStorage.getItem('rapport:draft:test') ?? '{}').value).toEqual({ a: 1 });
    expect(store.load()).toEqual({ a: 1 });
    store.clear();
    expect(store.load()).toBeNull();
  });

  it('drops a draft of another version or a corrupt one', () => {
    createDraftStore('v', 1).save({ old: true });
    expect(createDraftStore('v', 2).load()).toBeNull();
    localStorage.setItem('rapport:draft:bad', '{not json');
    expect(createDraftStore('bad').load()).toBeNull();
  });
});

describe('useDraft', () => {
  it('keeps typing across a reload (an unmount and a new mount)', () => {
    const store = createDraftStore<{ text: string }>('form');
    const first = renderHook(({ values }) => useDraft(store, values), { initialProps: { values: { text: '' } } });
    expect(first.result.current.initial).toBeNull();
    first.rerender({ values: { text: 'Worried about staffing' } });
    act(() => vi.advanceTimersByTime(500));
    first.unmount();

    const second = renderHook(() => useDraft(store, { text: 'Worried about staffing' }));
    expect(second.result.current.initial).toEqual({ text: 'Worried about staffing' });
  });

  it('survives a failed save and is dropped only once saved', () => {
    const store = createDraftStore<{ text: string }>('form2');
    const { result, rerender } = renderHook(({ values }) => useDraft(store, values), {
      initialProps: { values: { text: 'draft' } },
    });
    act(() => vi.advanceTimersByTime(500));
    // A failed request changes nothing: the draft is still there.
    expect(store.load()).toEqual({ text: 'draft' });
    // Saved while a debounced write is still pending: that write must not bring it back.
    rerender({ values: { text: 'draft, edited' } });
    act(() => result.current.clear());
    act(() => vi.advanceTimersByTime(500));
    expect(store.load()).toBeNull();
  });

  it('does not store an empty form', () => {
    const store = createDraftStore<{ text: string }>('form3');
    store.save({ text: 'old' });
    renderHook(() => useDraft(store, { text: '' }, { isEmpty: (v) => !v.text }));
    act(() => vi.advanceTimersByTime(500));
    expect(store.load()).toBeNull();
  });
});
