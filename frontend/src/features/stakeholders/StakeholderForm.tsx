import { Autocomplete, Button, Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, TagsInput, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { toFieldErrors } from '../../api/errors';
import type { Stakeholder } from '../../api/types';
import { FormError } from '../../components/FormError';
import { useTeams } from '../teams/api';
import { useSaveStakeholder } from './api';
import { changedFields, STAKEHOLDER_FIELDS, toBody, validate, valuesFrom, type StakeholderValues } from './form';
import { DISCIPLINE_SUGGESTIONS, isRoleType, ROLE_TYPE_OPTIONS } from './labels';

interface Props {
  workspaceId: string;
  stakeholder?: Stakeholder;
  onDone: (s: Stakeholder) => void;
  onCancel: () => void;
}

export function StakeholderForm({ workspaceId, stakeholder, onDone, onCancel }: Props) {
  const teams = useTeams(workspaceId);
  const save = useSaveStakeholder(workspaceId);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<StakeholderValues>({ initialValues: valuesFrom(stakeholder), validate });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    const input = stakeholder
      ? { id: stakeholder.id, body: changedFields(stakeholder, values) }
      : { body: toBody(values) };
    if (stakeholder && Object.keys(input.body).length === 0) {
      onDone(stakeholder);
      return;
    }
    save.mutate(input, {
      onSuccess: onDone,
      onError: (error) => {
        const mapped = toFieldErrors(error, { known: STAKEHOLDER_FIELDS });
        form.setErrors(mapped.fieldErrors);
        setFormError(mapped.formError);
      },
    });
  });

  const teamOptions = (teams.data ?? []).map((t) => ({ value: t.id, label: t.name }));

  return (
    <form onSubmit={submit} noValidate aria-label={stakeholder ? `Edit ${stakeholder.name}` : 'New stakeholder'}>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <TextInput label="Title" description="Job title, e.g. Charge nurse" {...form.getInputProps('title')} />
          <Select
            label="Team"
            placeholder={teams.isPending ? 'Loading teams…' : 'No team'}
            data={teamOptions}
            clearable
            searchable
            nothingFoundMessage="No team by that name"
            error={teams.isError ? 'Could not load teams' : undefined}
            {...form.getInputProps('team_id')}
          />
          <Select
            label="Role type"
            description="CFIR 2.0 implementation role"
            data={ROLE_TYPE_OPTIONS}
            allowDeselect={false}
            required
            {...form.getInputProps('role_type')}
            onChange={(value) => isRoleType(value) && form.setFieldValue('role_type', value)}
          />
          <Autocomplete
            label="Discipline"
            description="For example QI, nursing, medicine"
            data={DISCIPLINE_SUGGESTIONS}
            {...form.getInputProps('discipline')}
          />
          <TextInput label="Email" type="email" autoComplete="off" {...form.getInputProps('email')} />
        </SimpleGrid>
        <TagsInput
          label="Tags"
          description="Press Enter after each tag"
          clearable
          maxTags={30}
          {...form.getInputProps('tags')}
        />
        <NumberInput
          label="Manual influence"
          description="1.0–2.0. Replaces the computed influence on the champion map; leave empty to use the computed value."
          min={1}
          max={2}
          step={0.1}
          decimalScale={2}
          allowNegative={false}
          maw={320}
          {...form.getInputProps('influence_manual')}
        />
        <Checkbox
          label="Archived"
          description="Left out of the default list; the history is kept."
          {...form.getInputProps('archived', { type: 'checkbox' })}
        />
        <FormError message={formError} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {stakeholder ? 'Save stakeholder' : 'Create stakeholder'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
