import { Alert, Text } from '@mantine/core';

interface Props {
  /** `inline` is one line under a number; `banner` heads a page of scores. */
  variant?: 'banner' | 'inline';
}

/**
 * Shown wherever a score appears. The weights and thresholds are design defaults that nobody has
 * validated against outcomes, and people's standing is at stake, so the UI says so every time.
 */
export function ScoreDisclaimer({ variant = 'banner' }: Props) {
  const text =
    'Scores use design defaults, not a validated instrument. Treat them as a prompt for a ' +
    'conversation, never as a judgement of a person.';
  if (variant === 'inline') {
    return (
      <Text size="xs" c="dimmed" data-testid="score-disclaimer">
        {text}
      </Text>
    );
  }
  return (
    <Alert
      variant="light"
      color="yellow"
      title="About these scores"
      role="note"
      data-testid="score-disclaimer"
      // Yellow titles on the light yellow fall below 4.5:1; body text colour keeps the warning legible.
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
    >
      {text}
    </Alert>
  );
}
