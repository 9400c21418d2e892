import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { UseMutationResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { messageOf } from '../api/errors';
import { FormError } from './FormError';

interface Props {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  loading?: boolean;
  error?: string | null;
}

export function ConfirmDialog({ opened, title, children, confirmLabel, onConfirm, onClose, loading, error }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Stack>
        <Text size="sm">{children}</Text>
        <FormError message={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={loading}>
            Cancel
          </Button>
          <Button color="red" onClick={onConfirm} loading={loading} data-autofocus>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

interface ActionProps<T, V> {
  /** What the action is about; the dialog is open while it is set. */
  target: T | null;
  /** Clears the target (the dialog closes; any error is forgotten). */
  onClose: () => void;
  mutation: Pick<UseMutationResult<unknown, Error, V>, 'mutate' | 'isPending' | 'error' | 'reset'>;
  /** What the mutation is called with for the target. */
  variables: (target: T) => V;
  /** The notification once it is done. */
  done: (target: T) => string;
  title: string;
  confirmLabel: string;
  children: (target: T) => ReactNode;
}

/**
 * Confirm, then run a mutation on one thing (delete a team, revoke a token): busy while it runs,
 * the server's error in place if it fails, a notification and closed once it is done.
 */
export function ConfirmAction<T, V>({ target, onClose, mutation, variables, done, title, confirmLabel, children }: ActionProps<T, V>) {
  return (
    <ConfirmDialog
      opened={target !== null}
      title={title}
      confirmLabel={confirmLabel}
      loading={mutation.isPending}
      error={mutation.error ? messageOf(mutation.error) : null}
      onClose={() => {
        onClose();
        mutation.reset();
      }}
      onConfirm={() =>
        target !== null &&
        mutation.mutate(variables(target), {
          onSuccess: () => {
            notifications.show({ message: done(target) });
            onClose();
          },
        })
      }
    >
      {target !== null && children(target)}
    </ConfirmDialog>
  );
}
