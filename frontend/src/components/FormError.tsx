import { Alert } from '@mantine/core';

/** The form-level error (one that names no field), announced to screen readers. */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" role="alert" style={{ whiteSpace: 'pre-line' }}>
      {message}
    </Alert>
  );
}
