import { Alert, Anchor, Card, List, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { ShapeIcon } from '../scores/CategoryBadge';
import { CATEGORY_STYLES, LEAD_CATEGORIES } from '../scores/categories';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder component="section">
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      <Stack gap="xs">{children}</Stack>
    </Card>
  );
}

/**
 * The gist of SCORING.md (docs/scoring-model.md) for the people whose work it scores. The
 * numbers are the defaults; an owner can change them under Settings → Scoring.
 */
export function ScoringModelPage() {
  const { workspaceId } = useParams();
  return (
    <Stack gap="md" maw={880} p={workspaceId ? 0 : 'md'} mx={workspaceId ? 0 : 'auto'}>
      <PageHeader title="How the scores work" description="Rapport’s scoring model, version 1, in brief." />
      <Alert variant="light" color="yellow" role="note" title="Design defaults, not a validated instrument" styles={{ title: { color: 'var(--mantine-color-text)' } }}>
        The weights and thresholds come from the implementation-science literature, but nobody has validated them
        against outcomes. Use a score to decide whom to talk to next, never to judge a person. Every score can be traced
        to the records behind it on the person’s profile.
      </Alert>
      <Section title="Three readings from what you record">
        <Text size="sm">
          Every conversation, concern, behaviour observation, readiness check, stage of change and ADKAR check adds
          evidence. Each record has a weight and pulls towards support (champion) or reluctance.
        </Text>
        <List size="sm" spacing={4}>
          <List.Item>
            <strong>Champion score</strong> (0–100): how much the evidence shows someone carrying the change. What people
            do counts for more than what they say: a warm conversation counts at most half as much as an observed
            champion behaviour.
          </List.Item>
          <List.Item>
            <strong>Reluctance score</strong> (0–100): the same for resistance. A concern is not resistance; it counts
            for at most two thirds of an observed resistance behaviour, and stops counting once it is resolved.
          </List.Item>
          <List.Item>
            <strong>Trust</strong> (0–100): authenticity, competence and empathy, the three factors of a trusting
            relationship, each from its own records (conversation ratings, candid concerns, acknowledged expertise,
            commitments we kept or broke, quick wins). A factor below 40 with evidence behind it <em>wobbles</em>.
          </List.Item>
        </List>
      </Section>
      <Section title="Humble with little evidence">
        <Text size="sm">
          Every score starts from a prior of 16 (about 16% of people are early adopters, and about 16% laggards) worth
          two records, and moves as evidence comes in. One glowing conversation never makes a champion. The profile
          shows an 80% interval around the champion score, and rankings use its lower end. <strong>Confidence</strong>{' '}
          says how much of the reading is evidence rather than prior; on the map it is the size of the mark.
        </Text>
      </Section>
      <Section title="Time-aware">
        <Text size="sm">
          Evidence fades: a record counts half after 90 days (180 for trust). An open concern does not fade until
          someone deals with it.
        </Text>
      </Section>
      <Section title="Categories">
        <Text size="sm">Tested in this order; the first that holds wins.</Text>
        <Table verticalSpacing={4} fz="sm">
          <Table.Tbody>
            {(['unknown', 'ambivalent', 'champion', 'reluctant', 'supporter', 'hesitant', 'neutral'] as const).map((c) => (
              <Table.Tr key={c}>
                <Table.Th scope="row" style={{ whiteSpace: 'nowrap' }}>
                  <ShapeIcon category={c} /> {CATEGORY_STYLES[c].label}
                </Table.Th>
                <Table.Td>{CATEGORY_RULES[c]}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed">
          Viewers see champion, supporter and other only: reluctance about a named person is for the implementation
          leads. On the map each category has its own colour and shape ({LEAD_CATEGORIES.length} in all).
        </Text>
      </Section>
      <Section title="The champion map">
        <Text size="sm">
          Across: champion score minus reluctance score (−100 to 100). Up: influence, from the person’s role (senior and
          opinion leaders 1.5, mid-level leaders 1.2, others 1.0) plus 0.1 per peer nomination, or a value a lead set by
          hand.
        </Text>
      </Section>
      <Section title="Who needs a one-on-one">
        <List size="sm" spacing={4}>
          <List.Item>R1: hesitant, reluctant or ambivalent, and no one-on-one for 30 days or a concern since the last one.</List.Item>
          <List.Item>R2: a blocking concern open for two weeks with no one-on-one since.</List.Item>
          <List.Item>R3: trust wobbles, or is low.</List.Item>
          <List.Item>R4: an ADKAR check shows a gap in awareness or desire (a knowledge or ability gap suggests a resource instead).</List.Item>
          <List.Item>R5: an influential person whose stance is unknown or neutral, with no one-on-one for 60 days.</List.Item>
        </List>
        <Text size="sm">Nobody is flagged with a one-on-one already scheduled in the next week.</Text>
      </Section>
      <Text size="sm">
        The full specification, with its sources, is <code>docs/scoring-model.md</code> in the repository.
        {workspaceId && (
          <>
            {' '}
            <Anchor inherit component={Link} to={`/w/${workspaceId}`}>
              Back to the workspace
            </Anchor>
          </>
        )}
      </Text>
    </Stack>
  );
}

const CATEGORY_RULES = {
  unknown: 'Less than one record’s worth of evidence, or nothing in the last 180 days.',
  ambivalent: 'Champion score 45 or more and reluctance 35 or more: support and resistance together.',
  champion: 'Champion score 65 or more, reluctance under 30, confidence 60% or more, and a champion behaviour seen in the last 90 days.',
  reluctant: 'Reluctance 55 or more, with confidence 50% or more.',
  supporter: 'Champion score 45 or more.',
  hesitant: 'Reluctance 35 or more.',
  neutral: 'Everything else.',
} as const;
