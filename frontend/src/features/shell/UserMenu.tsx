import { Button, Menu, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { messageOf } from '../../api/errors';
import { useLogout, useMe } from '../auth/api';

export function UserMenu() {
  const me = useMe();
  const logout = useLogout();
  const label = me.data?.name || me.data?.email || 'Account';
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="subtle" size="compact-sm" aria-label={`Account: ${label}`}>
          <Text size="sm" truncate maw={180}>
            {label}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {me.data && <Menu.Label>{me.data.email}</Menu.Label>}
        <Menu.Item
          onClick={() =>
            logout.mutate(undefined, {
              onError: (error) =>
                notifications.show({ color: 'red', title: 'Could not sign out', message: messageOf(error) }),
            })
          }
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
