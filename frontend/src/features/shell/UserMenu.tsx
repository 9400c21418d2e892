import { Avatar, Button, Menu, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { messageOf } from '../../api/errors';
import { useLogout, useMe } from '../auth/api';

/** The signed-in person's menu. `role` is their role in the workspace shown, if any: the header
 * shows it beside the workspace on wider screens and here, in the menu, on a phone. */
export function UserMenu({ role }: { role?: string }) {
  const me = useMe();
  const logout = useLogout();
  const label = me.data?.name || me.data?.email || 'Account';
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="subtle" size="compact-sm" aria-label={`Account: ${label}`} px={4}>
          {/* Room for a full name on a desktop header, whole on hover; a person icon on a
              phone, where the workspace's name needs the width (initials would be visible text
              that is not the button's name). */}
          <Text size="sm" truncate maw={{ base: 150, md: 360 }} title={label} visibleFrom="xs">
            {label}
          </Text>
          <Avatar size={28} color="blue" hiddenFrom="xs" aria-hidden data-testid="account-icon" />
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {me.data && (
          <Menu.Label>
            {me.data.name && <Text size="sm" fw={500} c="var(--mantine-color-text)">{me.data.name}</Text>}
            {me.data.email}
          </Menu.Label>
        )}
        {role && (
          <Menu.Label hiddenFrom="xs" data-testid="menu-role">
            Your role here: {role}
          </Menu.Label>
        )}
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
