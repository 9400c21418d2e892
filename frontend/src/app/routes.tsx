import { Navigate, type RouteObject } from 'react-router';
import { ComingSoon } from '../components/ComingSoon';
import { LoadingState } from '../components/states';
import { RequireAuth } from '../features/auth/RequireAuth';
import { RootRedirect } from '../features/workspaces/RootRedirect';
import { NotFound } from './NotFound';
import { RouteError } from './RouteError';

// Pages load on demand so the first download stays small (see `npm run size`).
export const routes: RouteObject[] = [
  {
    path: '/',
    hydrateFallbackElement: <LoadingState />,
    errorElement: <RouteError />,
    children: [
      {
        path: 'signin',
        lazy: () => import('../features/auth/SignInPage').then((m) => ({ Component: m.SignInPage })),
      },
      {
        element: <RequireAuth />,
        children: [
          { index: true, element: <RootRedirect /> },
          {
            path: 'workspaces',
            lazy: () => import('../features/workspaces/WorkspacesPage').then((m) => ({ Component: m.WorkspacesPage })),
          },
          {
            path: 'w/:workspaceId',
            lazy: () => import('../features/shell/WorkspaceLayout').then((m) => ({ Component: m.WorkspaceLayout })),
            children: [
              { index: true, lazy: () => import('../features/home/HomePage').then((m) => ({ Component: m.HomePage })) },
              {
                path: 'log',
                lazy: () =>
                  import('../features/conversations/LogConversationPage').then((m) => ({ Component: m.LogConversationPage })),
              },
              {
                path: 'champion-map',
                element: (
                  <ComingSoon
                    title="Champion map"
                    description="Every stakeholder placed by champion and reluctance score, sized by influence, with the reasons behind each reading."
                    waitsFor={['GET /workspaces/{id}/scores']}
                    showsScores
                  />
                ),
              },
              {
                path: 'stakeholders',
                lazy: () => import('../features/stakeholders/StakeholdersPage').then((m) => ({ Component: m.StakeholdersPage })),
              },
              {
                path: 'concerns',
                element: (
                  <ComingSoon
                    title="Concerns"
                    description="The challenges people raised, their severity and CFIR domain, what is being done about each, and whether the loop was closed with them."
                    waitsFor={['GET /workspaces/{id}/concerns']}
                  />
                ),
              },
              { path: 'teams', lazy: () => import('../features/teams/TeamsPage').then((m) => ({ Component: m.TeamsPage })) },
              {
                path: 'settings',
                lazy: () => import('../features/settings/SettingsLayout').then((m) => ({ Component: m.SettingsLayout })),
                children: [
                  { index: true, element: <Navigate to="members" replace /> },
                  { path: 'members', lazy: () => import('../features/settings/MembersPanel').then((m) => ({ Component: m.MembersPanel })) },
                  { path: 'tokens', lazy: () => import('../features/settings/TokensPanel').then((m) => ({ Component: m.TokensPanel })) },
                ],
              },
              { path: '*', element: <NotFound /> },
            ],
          },
        ],
      },
      { path: '*', element: <NotFound /> },
    ],
  },
];
