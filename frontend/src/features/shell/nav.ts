export interface NavItem {
  label: string;
  /** Relative to /w/:workspaceId. */
  path: string;
}

export const NAV_ITEMS: NavItem[] = [
  { label: 'Home', path: '' },
  { label: 'Champion map', path: 'champion-map' },
  { label: 'Stakeholders', path: 'stakeholders' },
  { label: 'Concerns', path: 'concerns' },
  { label: 'Teams', path: 'teams' },
  { label: 'Settings', path: 'settings' },
];
