import { Alert, Anchor, Badge, Button, Card, ColorSwatch, Group, List, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { messageOf, toFieldErrors } from '../../api/errors';
import type { CfirDomain, ChallengeGroup, Focus } from '../../api/types';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { EmptyView, ErrorState, LoadingState } from '../../components/states';
import { formatDate } from '../../lib/format';
import { useChallenges, usePeople, useSetFocus } from '../scores/api';
import { constructLabel, domainLabel } from '../scores/labels';
import { useCurrentWorkspace } from '../workspaces/context';
import { challengeKey } from '../concerns/board';
import { byDomain, DOMAIN_COLORS, domainColor, isFocus, weightChart } from './challenges';
import { LazyChart } from '../../components/charts/LazyChart';
import { notifyDone, notifyFailed } from '../scores/notify';

// Coloured alert titles fall below 4.5:1 on their tint; the body text colour keeps them legible.
const READABLE_TITLE = { title: { color: 'var(--mantine-color-text)' } };

/** Open concerns by CFIR 2.0 domain and construct, heaviest first, and the one the team works on. */
export function ChallengesPage() {
  const { workspace, canWrite, role } = useCurrentWorkspace();
  const challenges = useChallenges(workspace.id);
  // Names for the people behind each challenge (viewers get counts, not people).
  const people = usePeople(workspace.id, role !== 'viewer');
  const setFocus = useSetFocus(workspace.id);

  const choose = async (g: ChallengeGroup) => {
    if (!g.cfir_domain) return;
    try {
      await setFocus.mutateAsync({ cfir_domain: g.cfir_domain as CfirDomain, cfir_construct: g.cfir_construct });
      notifyDone(`Our focus is now ${g.cfir_construct ? constructLabel(g.cfir_construct) : domainLabel(g.cfir_domain)}.`);
    } catch (error) {
      notifyFailed('Could not set the focus', messageOf(error));
    }
  };

  let body;
  if (challenges.isPending) body = <LoadingState label="Loading challenges…" />;
  else if (challenges.isError) body = <ErrorState error={challenges.error} onRetry={() => void challenges.refetch()} />;
  else {
    const { focus, groups, hints_disclaimer: hintsNote } = challenges.data;
    const domains = byDomain(groups);
    body = (
      <Stack gap="md">
        <FocusCard focus={focus} canPick={canWrite} />
        {groups.length > 1 && <WeightChart groups={groups} focus={focus} workspaceId={workspace.id} canOpen={role !== 'viewer'} />}
        {groups.length === 0 ? (
          <EmptyView title="No open concerns" description="When people raise concerns, they are grouped here by CFIR domain and construct." />
        ) : (
          <>
            <Alert variant="light" color="blue" role="note" title="Strategy hints are hints" styles={READABLE_TITLE}>
              {hintsNote ?? 'Strategy hints follow the CFIR-ERIC matching: hints, not prescriptions.'} Choose what fits your setting.
            </Alert>
            {domains.map(({ domain, weight, groups: items }) => (
              <Card key={domain ?? 'none'} withBorder component="section" aria-labelledby={`domain-${domain ?? 'none'}`}>
                <Group justify="space-between" mb="xs">
                  <Title order={2} size="h4" id={`domain-${domain ?? 'none'}`}>
                    {domainLabel(domain)}
                  </Title>
                  <Text size="sm" c="dimmed">
                    Weight {weight.toFixed(1)}
                  </Text>
                </Group>
                <Stack gap="sm">
                  {items.map((g) => {
                    const current = isFocus(focus, g);
                    return (
                      <Card key={`${g.cfir_domain}:${g.cfir_construct}`} withBorder p="sm" bg={current ? 'indigo.0' : undefined}>
                        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
                          <Stack gap={2}>
                            <Group gap="xs">
                              <Title order={3} size="h5">
                                {constructLabel(g.cfir_construct)}
                              </Title>
                              {current && <Badge color="indigo">Our focus</Badge>}
                            </Group>
                            <Text size="sm">
                              {g.open_concerns} open concern{g.open_concerns === 1 ? '' : 's'} from {g.stakeholders}{' '}
                              {g.stakeholders === 1 ? 'person' : 'people'} · weight {g.weight.toFixed(1)} (severity × influence)
                            </Text>
                            {g.stakeholder_ids && people.data && (
                              <RaisedBy ids={g.stakeholder_ids} names={people.data} base={`/w/${workspace.id}/stakeholders`} />
                            )}
                            {g.stakeholder_ids && (
                              <Anchor
                                component={Link}
                                to={`/w/${workspace.id}/concerns?challenge=${encodeURIComponent(challengeKey(g.cfir_domain, g.cfir_construct))}`}
                                size="sm"
                                aria-label={`Read the concerns about ${constructLabel(g.cfir_construct)}`}
                              >
                                Read the concerns
                              </Anchor>
                            )}
                          </Stack>
                          {canWrite && g.cfir_domain && !current && (
                            <Button
                              size="xs"
                              variant="light"
                              onClick={() => void choose(g)}
                              loading={setFocus.isPending && setFocus.variables?.cfir_construct === g.cfir_construct}
                              aria-label={`Make this our focus: ${constructLabel(g.cfir_construct)}`}
                            >
                              Make this our focus
                            </Button>
                          )}
                        </Group>
                        {g.strategy_hints.length > 0 && (
                          <Stack gap={2} mt="xs">
                            <Text size="xs" fw={600} c="dimmed">
                              Strategy hints (not prescriptions)
                            </Text>
                            <List size="sm" spacing={0}>
                              {g.strategy_hints.map((h) => (
                                <List.Item key={h}>{h}</List.Item>
                              ))}
                            </List>
                          </Stack>
                        )}
                      </Card>
                    );
                  })}
                </Stack>
              </Card>
            ))}
          </>
        )}
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <PageHeader
        title="Challenges"
        description="What people’s open concerns add up to, by CFIR 2.0 domain and construct. Pick one to work on at a time."
      />
      {body}
    </Stack>
  );
}

/**
 * The heaviest challenges side by side, so the one to pick stands out before the details
 * below. A bar opens that challenge's concerns on the board (leads and owners).
 */
function WeightChart({ groups, focus, workspaceId, canOpen }: { groups: ChallengeGroup[]; focus: Focus | null; workspaceId: string; canOpen: boolean }) {
  const navigate = useNavigate();
  const { option, shown, names } = weightChart(groups, focus);
  const domains = Object.keys(DOMAIN_COLORS).filter((d) => shown.some((g) => g.cfir_domain === d));
  const open = (i: number) => {
    const g = shown[i];
    if (g) void navigate(`/w/${workspaceId}/concerns?challenge=${encodeURIComponent(challengeKey(g.cfir_domain, g.cfir_construct))}`);
  };
  return (
    <Card withBorder component="section" aria-labelledby="weight-title">
      <Title order={2} size="h4" id="weight-title">
        Where the weight lies
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        Open concerns’ severity × the influence of who raised them, heaviest {shown.length === groups.length ? 'first' : `${shown.length} of ${groups.length}`}
        {canOpen ? '. Select a bar to read its concerns.' : '.'}
      </Text>
      <LazyChart
        option={option}
        height={Math.max(160, 44 + shown.length * 34)}
        label={`Weight of open concerns by challenge: ${shown.map((g, i) => `${names[i]} ${g.weight.toFixed(1)}`).join('; ')}`}
        onClick={canOpen ? ({ dataIndex }) => open(dataIndex) : undefined}
        testId="challenge-weight-chart"
      />
      <Group gap="md" mt={4} aria-hidden>
        {domains.map((d) => (
          <Group key={d} gap={4} wrap="nowrap">
            <ColorSwatch color={domainColor(d)} size={10} radius={2} withShadow={false} />
            <Text size="xs">{domainLabel(d)}</Text>
          </Group>
        ))}
      </Group>
    </Card>
  );
}

const RAISED_BY_SHOWN = 6;

/**
 * Who raised the challenge's open concerns, heaviest first: whom to talk to about it. Links in
 * running text are underlined: colour alone does not set them apart from it.
 */
function RaisedBy({ ids, names, base }: { ids: string[]; names: Map<string, { name: string }>; base: string }) {
  const [all, setAll] = useState(false);
  const shown = all ? ids : ids.slice(0, RAISED_BY_SHOWN);
  const more = ids.length - shown.length;
  return (
    <Text size="sm" c="dimmed">
      Raised by{' '}
      {shown.map((id, i) => (
        <span key={id}>
          {i > 0 && ', '}
          <Anchor component={Link} to={`${base}/${id}`} size="sm" underline="always">
            {names.get(id)?.name ?? 'someone no longer listed'}
          </Anchor>
        </span>
      ))}
      {more > 0 && (
        <>
          {' and '}
          <Anchor component="button" type="button" size="sm" underline="always" onClick={() => setAll(true)}>
            {more} more
          </Anchor>
        </>
      )}
    </Text>
  );
}

interface FocusCardProps {
  focus: Focus | null;
  compact?: boolean;
  /** Whether the reader may choose the focus and write its note (owners and leads). */
  canPick?: boolean;
}

export function FocusCard({ focus, compact = false, canPick = false }: FocusCardProps) {
  const [editing, setEditing] = useState(false);
  return (
    <Card withBorder component="section" aria-labelledby="focus-title" p={compact ? 'sm' : 'md'}>
      <Title order={2} size="h4" id="focus-title" mb={4}>
        Our focus challenge
      </Title>
      {focus ? (
        <Stack gap={4} align="flex-start">
          <Text fw={600}>{focus.cfir_construct ? constructLabel(focus.cfir_construct) : domainLabel(focus.cfir_domain)}</Text>
          <Text size="sm" c="dimmed">
            {domainLabel(focus.cfir_domain)} · chosen {formatDate(focus.chosen_at)}
          </Text>
          {editing ? (
            <FocusNoteForm focus={focus} onDone={() => setEditing(false)} />
          ) : (
            <>
              {focus.note && (
                <Text size="sm" style={{ whiteSpace: 'pre-line' }} data-testid="focus-note">
                  {focus.note}
                </Text>
              )}
              {canPick && (
                <Button size="compact-sm" variant="subtle" onClick={() => setEditing(true)}>
                  {focus.note ? 'Edit the note' : 'Add a note: why this one, and the plan'}
                </Button>
              )}
            </>
          )}
        </Stack>
      ) : (
        <Text size="sm">
          {canPick
            ? 'No focus chosen yet. Pick the one challenge the team works on now.'
            : 'No focus chosen yet. The implementation leads pick the one challenge the team works on.'}
        </Text>
      )}
    </Card>
  );
}

const NOTE_MAX = 2000;

/** The focus's note: the same challenge sent again keeps when it was chosen. */
function FocusNoteForm({ focus, onDone }: { focus: Focus; onDone: () => void }) {
  const { workspace } = useCurrentWorkspace();
  const save = useSetFocus(workspace.id);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ initialValues: { note: focus.note } });
  const submit = form.onSubmit(({ note }) => {
    setFormError(null);
    save.mutate(
      { cfir_domain: focus.cfir_domain as CfirDomain, cfir_construct: focus.cfir_construct, note: note.trim() },
      {
        onSuccess: () => {
          notifyDone('The focus note is saved.');
          onDone();
        },
        onError: (error) => {
          const mapped = toFieldErrors(error, { known: ['note'] });
          form.setErrors(mapped.fieldErrors);
          setFormError(mapped.formError);
        },
      },
    );
  });
  return (
    <form onSubmit={submit} noValidate aria-label="The focus note" style={{ alignSelf: 'stretch' }}>
      <Stack gap="xs">
        <Textarea
          label="Why this one, and the plan"
          description="Shown to everyone in the workspace beside the focus."
          autosize
          minRows={2}
          maxLength={NOTE_MAX}
          autoFocus
          {...form.getInputProps('note')}
        />
        <FormError message={formError} />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" size="xs" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" size="xs" loading={save.isPending}>
            Save the note
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
