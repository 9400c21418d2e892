import { Button, Group, Modal, Stack } from '@mantine/core';
import type { FormEventHandler, ReactNode } from 'react';
import { FormError } from '../../components/FormError';

/** What the profile's quick-entry dialogs (a concern, an acknowledgement) are given. */
export interface PersonDialogProps {
  workspaceId: string;
  stakeholderId: string;
  /** The person's name, for the title and the confirmation. */
  name: string;
  opened: boolean;
  onClose: () => void;
}

/** A profile's quick-entry dialog: its fields, the form-level error, Cancel and the submit
 * button. `title` defaults to `formLabel`; `opened` to true (for a dialog mounted to edit).
 * Once something is typed (`dirty`), only Cancel or the close button closes it: a click
 * outside or Escape no longer throws the typing away. */
export function RecordModal({
  title,
  formLabel,
  submitLabel,
  saving,
  formError,
  opened = true,
  dirty = false,
  onClose,
  onSubmit,
  children,
}: {
  title?: string;
  formLabel: string;
  submitLabel: string;
  saving: boolean;
  formError: string | null;
  opened?: boolean;
  dirty?: boolean;
  onClose: () => void;
  onSubmit: FormEventHandler<HTMLFormElement>;
  children: ReactNode;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title ?? formLabel} centered closeOnClickOutside={!dirty} closeOnEscape={!dirty}>
      <form onSubmit={onSubmit} aria-label={formLabel} noValidate>
        <Stack>
          {children}
          <FormError message={formError} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
