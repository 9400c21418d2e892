import { createTheme, type CSSVariablesResolver } from '@mantine/core';
import type { MouseEvent } from 'react';
import { foldedOptionsFilter } from '../lib/fold';

/**
 * Mantine leaves a Select's clear button out of the tab order and hides it from screen
 * readers, so without a mouse a filter could only be cleared by choosing its option again.
 * Here it is an ordinary button; once it has cleared the value it disappears, so focus goes
 * back to its field rather than to the page.
 */
export const clearButtonProps = (label: string) => ({
  'aria-label': label,
  'aria-hidden': false,
  tabIndex: 0,
  onClick: (event: MouseEvent<HTMLButtonElement>) => {
    event.currentTarget.closest('.mantine-Input-wrapper')?.querySelector<HTMLInputElement>('input:not([type="hidden"])')?.focus();
  },
});

export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 7 keeps white button text above the WCAG AA 4.5:1 contrast ratio; 6 does not.
  primaryShade: { light: 7, dark: 8 },
  defaultRadius: 'md',
  // Keyboard users always see where focus is.
  focusRing: 'auto',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  // Icon-only buttons need a name for screen readers. Plain objects, not `Modal.extend(...)`:
  // importing the components here would put them in the initial bundle.
  components: {
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    // Every toast (notifications.show) renders a Notification: one name for all their close buttons.
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } } },
    // Searchable pickers ignore accents as well as case, like every other search here.
    Select: { defaultProps: { clearButtonProps: clearButtonProps('Clear'), filter: foldedOptionsFilter } },
    Autocomplete: { defaultProps: { filter: foldedOptionsFilter } },
    TagsInput: { defaultProps: { clearButtonProps: clearButtonProps('Clear all'), filter: foldedOptionsFilter } },
  },
});

// Mantine's default "dimmed" grey (gray.6) is 3.3:1 on white; gray.7 passes AA for small text.
// Links in indigo.7 pass on white but not on a hovered table row (gray.1) or an indigo.0
// highlight (the focus challenge's card); indigo.8 passes on all three.
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', '--mantine-color-anchor': 'var(--mantine-color-indigo-8)' },
  dark: {},
});
