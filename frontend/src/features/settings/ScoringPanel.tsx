import { Alert, Badge, Button, Card, Group, NumberInput, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMemo, useState } from 'react';
import { ApiError, toFieldErrors } from '../../api/errors';
import { NdjsonError, type ProgressLine } from '../../api/ndjson';
import type { Category, ScoringSettings, ScoringSettingsSaved } from '../../api/types';
import { FormError } from '../../components/FormError';
import { ScoreDisclaimer } from '../../components/ScoreDisclaimer';
import { ErrorState, LoadingState } from '../../components/states';
import { useAwaitSavedVersion, usePeople, usePutScoringSettings, useScoringSettings } from '../scores/api';
import { CategoryBadge } from '../scores/CategoryBadge';
import { CATEGORY_STYLES } from '../scores/categories';
import { useCurrentWorkspace } from '../workspaces/context';
import { changedFrom, layout } from './scoringFields';
import { notifyDone } from '../scores/notify';

/** Settings → Scoring: the weights, half-lives and thresholds of SCORING.md, with a preview. */
export function ScoringPanel() {
  const { workspace, isOwner } = useCurrentWorkspace();
  const settings = useScoringSettings(workspace.id, isOwner);
  if (!isOwner) {
    return (
      <Alert variant="light" color="gray" title="Owners only" role="note">
        Scoring settings change everyone’s reading, so only the workspace’s owners can see and change them.
      </Alert>
    );
  }
  if (settings.isPending) return <LoadingState label="Loading scoring settings…" />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  return <ScoringForm key={settings.data.version} workspaceId={workspace.id} settings={settings.data} />;
}

type Values = Record<string, number | string>;

function numbers(values: Values): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'number' ? v : Number(v)]));
}

/** The save's answer was lost on the way (the server carries on with the save regardless). */
function answerLost(error: unknown): boolean {
  return (
    error instanceof TypeError ||
    error instanceof NdjsonError ||
    (error instanceof ApiError && error.code === 'incomplete_answer')
  );
}

function ScoringForm({ workspaceId, settings }: { workspaceId: string; settings: ScoringSettings }) {
  const put = usePutScoringSettings(workspaceId);
  const awaitSaved = useAwaitSavedVersion(workspaceId);
  const [checking, setChecking] = useState(false);
  const people = usePeople(workspaceId);
  const initial = settings.values as Values;
  const defaults = settings.defaults as Record<string, unknown>;
  const form = useForm<{ values: Values }>({ initialValues: { values: initial } });
  const [preview, setPreview] = useState<{ of: string; result: ScoringSettingsSaved } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [progress, setProgress] = useState<ProgressLine | null>(null);
  const running = put.isPending;
  const busy = running || checking;
  const groups = useMemo(() => layout(Object.keys(initial)), [initial]);
  const snapshot = JSON.stringify(numbers(form.values.values));
  const previewCurrent = preview?.of === snapshot ? preview.result : null;

  const send = async (isPreview: boolean) => {
    // The buttons are disabled meanwhile, but Enter in a field still submits.
    if (busy) return;
    setFormError(null);
    setProgress(null);
    const values = changedFrom(numbers(form.values.values), defaults);
    try {
      const result = await put.mutateAsync({ values, preview: isPreview, onProgress: setProgress });
      if (isPreview) setPreview({ of: snapshot, result });
      else
        notifyDone(`Saved version ${result.version}. ${result.category_changes} of ${result.stakeholders} people changed category.`);
    } catch (error) {
      if (!isPreview && answerLost(error)) {
        setProgress(null);
        await findOutcome(
          error instanceof NdjsonError ? error.message : 'The connection dropped before the save finished.',
        );
        return;
      }
      const mapped = toFieldErrors(error);
      form.setErrors(mapped.fieldErrors);
      setFormError(mapped.formError);
    } finally {
      setProgress(null);
    }
  };

  // The connection dropped before the answer came: the server finishes the save anyway, so
  // find out whether it did rather than leave the owner guessing (or saving twice).
  const findOutcome = async (reason: string) => {
    setChecking(true);
    const { version, gone } = await awaitSaved(settings.version);
    if (version !== null) notifyDone(`The connection dropped, but the save went through: version ${version}.`);
    // A new version remounts this form (its key); a form that has gone shows nothing more.
    if (gone) return;
    setChecking(false);
    if (version === null)
      setFormError(
        `${reason} No new version has appeared since: check your connection, and if the version above is still ${settings.version}, save again.`,
      );
  };

  return (
    <form
      aria-label="Scoring settings"
      onSubmit={form.onSubmit(() => void send(false))}
      noValidate
    >
      <Stack gap="md" maw={980}>
        <Text size="sm" c="dimmed">
          Version {settings.version}
          {settings.version === 0 ? ' (the design defaults)' : ''}. Saving makes a new version and recomputes every reading.
          Preview first to see who would change category.
        </Text>
        <ScoreDisclaimer variant="inline" />
        {groups.map((g) => (
          <Card key={g.title} withBorder component="fieldset" style={{ minWidth: 0 }}>
            <Title order={2} size="h5" component="legend" style={{ padding: 0 }}>
              {g.title}
            </Title>
            <Text size="xs" c="dimmed" mb="xs">
              {g.help}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
              {g.fields.map(([key, label]) => {
                const changed = defaults[key] !== undefined && Number(form.values.values[key]) !== defaults[key];
                return (
                  <NumberInput
                    key={key}
                    label={label}
                    description={`Default ${String(defaults[key] ?? '—')}`}
                    decimalScale={4}
                    step={stepFor(defaults[key])}
                    rightSection={changed ? <Badge size="xs" variant="light" aria-label="changed">changed</Badge> : null}
                    rightSectionWidth={changed ? 70 : undefined}
                    {...form.getInputProps(`values.${key}`)}
                  />
                );
              })}
            </SimpleGrid>
          </Card>
        ))}
        <FormError message={formError} />
        {previewCurrent && <PreviewResult result={previewCurrent} names={people.data} />}
        {preview && !previewCurrent && (
          <Text size="sm" c="dimmed">
            The preview is out of date: you changed a value since. Preview again.
          </Text>
        )}
        {running && <RecomputeProgress progress={progress} />}
        {checking && (
          <Alert variant="light" color="yellow" role="status" title="Connection lost while saving">
            The server carries on with the save. Checking for the saved version…
          </Alert>
        )}
        <Group>
          <Button variant="default" onClick={() => void send(true)} disabled={busy}>
            Preview effect
          </Button>
          <Button type="submit" disabled={busy}>
            Save settings
          </Button>
          <Button
            variant="subtle"
            disabled={busy}
            onClick={() => {
              form.setValues({ values: { ...(defaults as Values) } });
              setPreview(null);
            }}
          >
            Reset to defaults
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** How far the server has got recomputing the readings (for a save or a preview). */
function RecomputeProgress({ progress }: { progress: ProgressLine | null }) {
  const percent = progress ? Math.round(Math.min(1, Math.max(0, progress.fraction)) * 100) : 0;
  return (
    <Stack gap={4} data-testid="recompute-progress">
      <Progress value={percent} aria-label="Recomputing readings" size="lg" animated />
      <Text size="sm" c="dimmed">
        {progress ? `${progress.step} — ${percent}%` : 'Recomputing readings…'}
      </Text>
    </Stack>
  );
}

function stepFor(value: unknown): number {
  if (typeof value !== 'number') return 1;
  if (Number.isInteger(value) && value >= 5) return 1;
  return value <= 1 ? 0.05 : 0.1;
}

function PreviewResult({ result, names }: { result: ScoringSettingsSaved; names: Map<string, { name: string }> | undefined }) {
  const changes = result.changes as { stakeholder_id?: string; old?: string; new?: string }[];
  const isCategory = (c: string | undefined): c is Category => c !== undefined && c in CATEGORY_STYLES;
  return (
    <Card withBorder component="section" aria-labelledby="preview-title" data-testid="scoring-preview">
      <Title order={2} size="h5" id="preview-title" mb={4}>
        Preview: nothing saved yet
      </Title>
      <Text size="sm" mb="xs">
        {result.category_changes === 0
          ? `No one would change category (${result.stakeholders} checked).`
          : `${result.category_changes} of ${result.stakeholders} would change category${result.category_changes > changes.length ? ` (the first ${changes.length} listed)` : ''}.`}
      </Text>
      {changes.length > 0 && (
        <Table.ScrollContainer minWidth={420}>
          <Table striped verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Person</Table.Th>
                <Table.Th scope="col">Now</Table.Th>
                <Table.Th scope="col">Would be</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {changes.map((c) => (
                <Table.Tr key={c.stakeholder_id}>
                  <Table.Td>{names?.get(c.stakeholder_id ?? '')?.name ?? c.stakeholder_id}</Table.Td>
                  <Table.Td>{isCategory(c.old) ? <CategoryBadge category={c.old} /> : c.old}</Table.Td>
                  <Table.Td>{isCategory(c.new) ? <CategoryBadge category={c.new} /> : c.new}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
