import { Button, Menu, Modal, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useLocation, useNavigate } from 'react-router';
import type { Workspace } from '../../api/types';
import { useWorkspaces } from './api';
import { CreateWorkspaceForm } from './CreateWorkspaceForm';

/** Keeps the section when switching: from /w/a/teams to /w/b/teams. */
export function sectionOf(pathname: string): string {
  const match = /^\/w\/[^/]+(\/[^/]+)?/.exec(pathname);
  return match?.[1] ?? '';
}

export function WorkspaceSwitcher({ current }: { current: Workspace }) {
  const workspaces = useWorkspaces();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [creating, { open, close }] = useDisclosure(false);
  const section = sectionOf(pathname);

  return (
    <>
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button variant="default" size="compact-md" aria-label={`Workspace: ${current.name}. Switch workspace`} maw={260}>
            <Text size="sm" truncate>
              {current.name}
            </Text>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Workspaces</Menu.Label>
          {workspaces.isPending && <Menu.Item disabled>Loading…</Menu.Item>}
          {workspaces.isError && <Menu.Item disabled>Could not load workspaces</Menu.Item>}
          {workspaces.data?.map((ws) => (
            <Menu.Item
              key={ws.id}
              onClick={() => void navigate(`/w/${ws.id}${section}`)}
              aria-current={ws.id === current.id ? 'true' : undefined}
              fw={ws.id === current.id ? 700 : undefined}
            >
              {ws.name}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item onClick={open}>New workspace…</Menu.Item>
          <Menu.Item onClick={() => void navigate('/workspaces')}>All workspaces</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={creating} onClose={close} title="New workspace">
        <CreateWorkspaceForm
          onCancel={close}
          onCreated={(ws) => {
            close();
            void navigate(`/w/${ws.id}`);
          }}
        />
      </Modal>
    </>
  );
}
