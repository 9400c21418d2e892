import { Button, Group, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { Workspace } from '../../api/types';
import { toFieldErrors } from '../../api/errors';
import { FormError } from '../../components/FormError';
import { useCreateWorkspace } from './api';

export function CreateWorkspaceForm({ onCreated, onCancel }: { onCreated: (ws: Workspace) => void; onCancel?: () => void }) {
  const create = useCreateWorkspace();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: '', description: '' },
    validate: { name: (v) => (v.trim() ? null : 'Give the initiative a name') },
  });
  const submit = form.onSubmit((values) => {
    setFormError(null);
    create.mutate(
      { name: values.name.trim(), description: values.description.trim() },
      {
        onSuccess: (ws) => {
          form.reset();
          onCreated(ws);
        },
        onError: (error) => {
          const mapped = toFieldErrors(error, { known: ['name', 'description'] });
          form.setErrors(mapped.fieldErrors);
          setFormError(mapped.formError);
        },
      },
    );
  });
  return (
    <form onSubmit={submit} noValidate aria-label="New workspace">
      <Stack>
        <TextInput
          label="Name"
          description="One change initiative, e.g. “Sepsis bundle rollout, Ward 4”"
          required
          data-autofocus
          {...form.getInputProps('name')}
        />
        <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
        <FormError message={formError} />
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={create.isPending}>
            Create workspace
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
