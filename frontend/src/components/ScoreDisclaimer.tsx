import { Alert, Anchor, Text } from '@mantine/core';
import { Link, useParams } from 'react-router';

interface Props {
  /** `inline` is one line under a number; `banner` heads a page of scores. */
  variant?: 'banner' | 'inline';
}

/** Where the gist of the scoring model is explained: inside the workspace when there is one. */
export function scoringModelPath(workspaceId: string | undefined): string {
  return workspaceId ? `/w/${workspaceId}/about/scoring` : '/about/scoring';
}

/** The caveat every score carries, also written under the champion map's saved image. */
export const SCORE_CAVEAT =
  'Scores use design defaults, not a validated instrument. Treat them as a prompt for a ' +
  'conversation, never as a judgement of a person.';

/**
 * Shown wherever a score appears. The weights and thresholds are design defaults that nobody has
 * validated against outcomes, and people's standing is at stake, so the UI says so every time,
 * and links to how the scores are made.
 */
export function ScoreDisclaimer({ variant = 'banner' }: Props) {
  const { workspaceId } = useParams();
  const text = SCORE_CAVEAT;
  const link = (
    // Underlined and in the text's own colour: a link inside a sentence must not rely on colour,
    // and the brand colour falls below 4.5:1 on the yellow banner.
    <Anchor component={Link} to={scoringModelPath(workspaceId)} size={variant === 'inline' ? 'xs' : 'sm'} underline="always" c="inherit" fw={600}>
      How the scores work
    </Anchor>
  );
  if (variant === 'inline') {
    return (
      <Text size="xs" c="dimmed" data-testid="score-disclaimer">
        {text} {link}
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
      {text} {link}
    </Alert>
  );
}
