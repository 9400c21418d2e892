import { Tabs } from '@mantine/core';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentWorkspace } from '../workspaces/context';

const TABS = [
  { value: 'members', label: 'Members' },
  { value: 'tokens', label: 'API tokens' },
  { value: 'webhooks', label: 'Webhooks' },
  { value: 'scoring', label: 'Scoring' },
];

export function SettingsLayout() {
  const { workspace } = useCurrentWorkspace();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const active = TABS.find((t) => pathname.endsWith(`/settings/${t.value}`))?.value ?? 'members';
  return (
    <>
      <PageHeader title="Settings" description={`Who can use “${workspace.name}”, how integrations reach it, and how it scores.`} />
      <Tabs value={active} onChange={(v) => v && void navigate(`/w/${workspace.id}/settings/${v}`)} keepMounted={false}>
        <Tabs.List mb="md">
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={active}>
          <Outlet />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
