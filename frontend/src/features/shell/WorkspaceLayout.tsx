import { Anchor, AppShell, Badge, Burger, Container, Group, NavLink, Progress, VisuallyHidden } from '@mantine/core';
import type { CSSProperties } from 'react';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, useMemo } from 'react';
import { Link, Outlet, useLocation, useNavigation, useParams } from 'react-router';
import { ApiError } from '../../api/errors';
import { EmptyView, ErrorState, LoadingState } from '../../components/states';
import { rememberWorkspace, useWorkspace } from '../workspaces/api';
import { accessFor, WorkspaceContext } from '../workspaces/context';
import { ROLE_LABELS } from '../workspaces/roles';
import { WorkspaceSwitcher } from '../workspaces/WorkspaceSwitcher';
import { NAV_ITEMS } from './nav';
import { UserMenu } from './UserMenu';

const ACTIVE_LINK = { '--nl-color': 'var(--mantine-color-indigo-9)', '--nl-hover': 'var(--mantine-color-indigo-1)' } as CSSProperties;

/** The app shell around every workspace page: header, navigation, and the caller's role. */
export function WorkspaceLayout() {
  const { workspaceId = '' } = useParams();
  const workspace = useWorkspace(workspaceId);
  const [navOpen, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  const navigation = useNavigation();
  const access = useMemo(() => (workspace.data ? accessFor(workspace.data) : null), [workspace.data]);

  useEffect(() => {
    if (workspace.data) rememberWorkspace(workspace.data.id);
  }, [workspace.data]);
  // Close the mobile menu after choosing a page.
  useEffect(close, [pathname, close]);

  if (workspace.isPending) return <LoadingState label="Opening workspace…" />;
  if (workspace.isError || !access) {
    const missing = workspace.error instanceof ApiError && workspace.error.status === 404;
    return (
      <Container size="sm" py="xl" component="main">
        {missing ? (
          <EmptyView
            title="Workspace not found"
            description="It does not exist, or you are not a member of it."
            action={
              <Anchor component={Link} to="/workspaces">
                Go to your workspaces
              </Anchor>
            }
          />
        ) : (
          <ErrorState error={workspace.error} onRetry={() => void workspace.refetch()} />
        )}
      </Container>
    );
  }

  const base = `/w/${workspaceId}`;
  const isActive = (path: string) => {
    const full = path ? `${base}/${path}` : base;
    return path ? pathname === full || pathname.startsWith(`${full}/`) : pathname === base || pathname === `${base}/`;
  };

  return (
    <WorkspaceContext.Provider value={access}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <AppShell
        header={{ height: 56 }}
        navbar={{ width: 210, breakpoint: 'sm', collapsed: { mobile: !navOpen } }}
        padding="md"
      >
        <AppShell.Header>
          {navigation.state === 'loading' && (
            <Progress value={100} animated size="xs" radius={0} pos="absolute" top={0} left={0} right={0} aria-hidden />
          )}
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger opened={navOpen} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
              <Anchor component={Link} to={base} fw={700} underline="never" visibleFrom="xs">
                Rapport
              </Anchor>
              <WorkspaceSwitcher current={access.workspace} />
              {access.role && (
                <Badge variant="light" color={access.role === 'viewer' ? 'gray' : 'blue'} visibleFrom="xs" style={{ flexShrink: 0 }}>
                  {ROLE_LABELS[access.role]}
                </Badge>
              )}
            </Group>
            <UserMenu role={access.role ? ROLE_LABELS[access.role] : undefined} />
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" component="nav" aria-label="Main">
          {NAV_ITEMS.filter((item) => access.canWrite || !item.writersOnly).map((item) => (
            <NavLink
              key={item.label}
              component={Link}
              to={item.path ? `${base}/${item.path}` : base}
              label={item.label}
              active={isActive(item.path)}
              aria-current={isActive(item.path) ? 'page' : undefined}
              // Under the mouse, Mantine darkens the current page's tint to indigo.2, on which its
              // name fell to 4.1:1; a darker name on a lighter tint keeps it above 4.5:1.
              style={isActive(item.path) ? ACTIVE_LINK : undefined}
            />
          ))}
        </AppShell.Navbar>
        <AppShell.Main id="main" tabIndex={-1}>
          <VisuallyHidden aria-live="polite">{navigation.state === 'loading' ? 'Loading page' : ''}</VisuallyHidden>
          <Outlet />
        </AppShell.Main>
      </AppShell>
    </WorkspaceContext.Provider>
  );
}
