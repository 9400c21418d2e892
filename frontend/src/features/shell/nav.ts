export interface NavItem {
  label: string;
  /** Relative to /w/:workspaceId. */
  path: string;
  /** Hidden from viewers: the page is for writing, or about named people's records. */
  writersOnly?: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { label: 'Home', path: '' },
  { label: 'Log a conversation', path: 'log', writersOnly: true },
  { label: 'Champion map', path: 'champion-map' },
  { label: 'Stakeholders', path: 'stakeholders' },
  { label: 'Concerns', path: 'concerns' },
  { label: 'Challenges', path: 'challenges' },
  { label: 'Teams', path: 'teams' },
  { label: 'Activity', path: 'activity', writersOnly: true },
  { label: 'Import', path: 'import', writersOnly: true },
  { label: 'Settings', path: 'settings' },
];
