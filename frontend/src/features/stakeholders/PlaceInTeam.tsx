import { Button, Menu } from '@mantine/core';
import { Link } from 'react-router';
import { messageOf } from '../../api/errors';
import type { Team } from '../../api/types';
import { notifyDone, notifyFailed } from '../scores/notify';
import { useSaveStakeholder } from './api';

/**
 * For someone in no team, in the stakeholder list's Team column: put them in a team from the
 * row itself, so a lead working down the "No team" list does not open each profile.
 */
export function PlaceInTeam({ workspaceId, stakeholderId, name, teams }: { workspaceId: string; stakeholderId: string; name: string; teams: Team[] }) {
  const save = useSaveStakeholder(workspaceId);
  // Awaited rather than mutate()'s callbacks: once placed, the row may leave the list (the "No
  // team" view) and this menu unmount, and React Query drops an unmounted caller's callbacks.
  const place = async (team: Team) => {
    try {
      await save.mutateAsync({ id: stakeholderId, body: { team_id: team.id } });
      notifyDone(`Placed ${name} in ${team.name}.`);
    } catch (error) {
      notifyFailed(`Could not place ${name}`, messageOf(error));
    }
  };
  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>
        <Button size="compact-xs" variant="light" loading={save.isPending} aria-label={`Place ${name} in a team`}>
          Place…
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Place in a team</Menu.Label>
        {teams.map((team) => (
          <Menu.Item key={team.id} onClick={() => void place(team)}>
            {team.name}
          </Menu.Item>
        ))}
        {teams.length === 0 && (
          <Menu.Item component={Link} to={`/w/${workspaceId}/teams`}>
            No teams yet: create one
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
