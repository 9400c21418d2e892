import { Button, Group, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { toFieldErrors } from '../../api/errors';
import type { Team } from '../../api/types';
import { FormError } from '../../components/FormError';
import { useSaveTeam } from './api';

interface Props {
  workspaceId: string;
  team?: Team;
  onDone: (team: Team) => void;
  onCancel: () => void;
}

export function TeamForm({ workspaceId, team, onDone, onCancel }: Props) {
  const save = useSaveTeam(workspaceId);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: team?.name ?? '', description: team?.description ?? '' },
    validate: { name: (v) => (v.trim() ? null : 'Name the team') },
  });
  const submit = form.onSubmit((values) => {
    setFormError(null);
    save.mutate(
      { id: team?.id, body: { name: values.name.trim(), description: values.description.trim() } },
      {
        onSuccess: onDone,
        onError: (error) => {
          const mapped = toFieldErrors(error, { known: ['name', 'description'] });
          form.setErrors(mapped.fieldErrors);
          setFormError(mapped.formError);
        },
      },
    );
  });
  return (
    <form onSubmit={submit} noValidate aria-label={team ? `Edit team ${team.name}` : 'New team'}>
      <Stack>
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
        <FormError message={formError} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {team ? 'Save team' : 'Create team'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
