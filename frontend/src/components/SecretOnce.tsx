import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A secret the server shows once (an API token, a webhook's signing secret), with a copy button. */
export function SecretOnce({
  title,
  secret,
  copyLabel,
  testId,
  onDismiss,
  children,
}: {
  title: string;
  secret: string;
  copyLabel: string;
  testId: string;
  onDismiss: () => void;
  children?: ReactNode;
}) {
  return (
    // The light green title alone is below 4.5:1 contrast; the body's text colour is not.
    <Alert color="green" variant="light" title={title} role="status" styles={{ title: { color: 'var(--mantine-color-text)' } }}>
      <Stack gap="xs">
        <Text size="sm" fw={500}>
          Copy it now: this is the only time it is shown. Rapport keeps only a hash.
        </Text>
        {children}
        <Group gap="xs" wrap="nowrap" align="center">
          <Code block style={{ wordBreak: 'break-all', flex: 1 }} data-testid={testId}>
            {secret}
          </Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button size="xs" onClick={copy} color={copied ? 'teal' : undefined} aria-label={copyLabel}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group>
          <Button size="xs" variant="default" onClick={onDismiss}>
            I have stored it
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
