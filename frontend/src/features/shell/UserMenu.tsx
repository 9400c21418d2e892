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
          {/* Room for a full name on a desktop header; shortened on a phone, whole on hover. */}
          <Text size="sm" truncate maw={{ base: 150, md: 360 }} title={label}>
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
