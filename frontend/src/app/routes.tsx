import { Navigate, type RouteObject } from 'react-router';
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
        path: 'about/scoring',
        lazy: () => import('../features/about/ScoringModelPage').then((m) => ({ Component: m.ScoringModelPage })),
      },
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
                lazy: () => import('../features/map/ChampionMapPage').then((m) => ({ Component: m.ChampionMapPage })),
              },
              {
                path: 'stakeholders',
                lazy: () => import('../features/stakeholders/StakeholdersPage').then((m) => ({ Component: m.StakeholdersPage })),
              },
              {
                path: 'stakeholders/:stakeholderId',
                lazy: () =>
                  import('../features/profile/StakeholderProfilePage').then((m) => ({ Component: m.StakeholderProfilePage })),
              },
              {
                path: 'concerns',
                lazy: () => import('../features/concerns/ConcernsPage').then((m) => ({ Component: m.ConcernsPage })),
              },
              {
                path: 'activity',
                lazy: () => import('../features/activity/ActivityPage').then((m) => ({ Component: m.ActivityPage })),
              },
              {
                path: 'challenges',
                lazy: () => import('../features/challenges/ChallengesPage').then((m) => ({ Component: m.ChallengesPage })),
              },
              {
                path: 'about/scoring',
                lazy: () => import('../features/about/ScoringModelPage').then((m) => ({ Component: m.ScoringModelPage })),
              },
              { path: 'teams', lazy: () => import('../features/teams/TeamsPage').then((m) => ({ Component: m.TeamsPage })) },
              { path: 'import', lazy: () => import('../features/import/ImportPage').then((m) => ({ Component: m.ImportPage })) },
              {
                path: 'settings',
                lazy: () => import('../features/settings/SettingsLayout').then((m) => ({ Component: m.SettingsLayout })),
                children: [
                  { index: true, element: <Navigate to="members" replace /> },
                  { path: 'members', lazy: () => import('../features/settings/MembersPanel').then((m) => ({ Component: m.MembersPanel })) },
                  { path: 'tokens', lazy: () => import('../features/settings/TokensPanel').then((m) => ({ Component: m.TokensPanel })) },
                  { path: 'webhooks', lazy: () => import('../features/webhooks/WebhooksPanel').then((m) => ({ Component: m.WebhooksPanel })) },
                  { path: 'scoring', lazy: () => import('../features/settings/ScoringPanel').then((m) => ({ Component: m.ScoringPanel })) },
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
