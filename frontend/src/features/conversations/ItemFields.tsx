import { Badge, Button, Fieldset, Group, NumberInput, Radio, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { ReactNode } from 'react';
import type { LogValues, SignalValues } from './logForm';
import {
  ADKAR_FIELDS,
  CFIR_DOMAIN_LABELS,
  CFIR_DOMAIN_OPTIONS,
  CHAMPION_FACET_OPTIONS,
  constructOptions,
  isOneOf,
  OWNER_OPTIONS,
  RESISTANCE_FACET_OPTIONS,
  SETTING_OPTIONS,
  SEVERITIES,
  SIGNAL_KIND_LABELS,
  SIGNAL_KIND_OPTIONS,
  SOURCE_OPTIONS,
  STAGE_LABELS,
  STAGE_OPTIONS,
} from './vocab';

type Form = UseFormReturnType<LogValues>;

interface ItemProps {
  form: Form;
  index: number;
  saved: boolean;
  autoFocus: boolean;
  onRemove: () => void;
}

function ItemShell({ legend, saved, onRemove, children }: { legend: string; saved: boolean; onRemove: () => void; children: ReactNode }) {
  return (
    <Fieldset
      disabled={saved}
      legend={
        <Group gap="xs">
          <span>{legend}</span>
          {saved && (
            <Badge size="xs" color="green" variant="light">
              Saved
            </Badge>
          )}
        </Group>
      }
    >
      <Stack gap="sm">
        {children}
        {!saved && (
          <Group justify="flex-end">
            <Button variant="subtle" color="red" size="compact-sm" onClick={onRemove}>
              Remove {legend.toLowerCase()}
            </Button>
          </Group>
        )}
      </Stack>
    </Fieldset>
  );
}

export function ConcernFields({ form, index, saved, autoFocus, onRemove }: ItemProps) {
  const path = `concerns.${index}`;
  const domain = form.values.concerns[index]?.cfir_domain ?? null;
  return (
    <ItemShell legend={`Concern ${index + 1}`} saved={saved} onRemove={onRemove}>
      <Textarea label="What worries them" required autosize minRows={2} autoFocus={autoFocus} {...form.getInputProps(`${path}.text`)} />
      <Radio.Group label="Severity" {...form.getInputProps(`${path}.severity`)}>
        <Group mt={4}>
          {SEVERITIES.map((s) => (
            <Radio key={s.value} value={s.value} label={s.label} />
          ))}
        </Group>
      </Radio.Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label="CFIR domain"
          placeholder="Not classified"
          data={CFIR_DOMAIN_OPTIONS}
          clearable
          {...form.getInputProps(`${path}.cfir_domain`)}
          onChange={(v) => {
            form.setFieldValue(`${path}.cfir_domain`, isOneOf(CFIR_DOMAIN_LABELS, v) ? v : null);
            form.setFieldValue(`${path}.cfir_construct`, null);
          }}
        />
        <Select
          label="CFIR construct"
          placeholder={domain ? 'Not classified' : 'Choose a domain first'}
          data={constructOptions(domain)}
          disabled={saved || !domain}
          clearable
          searchable
          {...form.getInputProps(`${path}.cfir_construct`)}
        />
      </SimpleGrid>
    </ItemShell>
  );
}

export function CommitmentFields({ form, index, saved, autoFocus, onRemove }: ItemProps) {
  const path = `commitments.${index}`;
  return (
    <ItemShell legend={`Commitment ${index + 1}`} saved={saved} onRemove={onRemove}>
      <TextInput label="What was promised" required autoFocus={autoFocus} {...form.getInputProps(`${path}.description`)} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select label="Who promised it" data={OWNER_OPTIONS} allowDeselect={false} {...form.getInputProps(`${path}.owner`)} />
        <TextInput label="Due on" type="date" {...form.getInputProps(`${path}.due_on`)} />
      </SimpleGrid>
    </ItemShell>
  );
}

export function AcknowledgementFields({ form, index, saved, autoFocus, onRemove }: ItemProps) {
  const path = `acknowledgements.${index}`;
  return (
    <ItemShell legend={`Acknowledgement ${index + 1}`} saved={saved} onRemove={onRemove}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="Expertise acknowledged"
          description="e.g. “QI: run charts”, “Fishbone diagrams”"
          required
          autoFocus={autoFocus}
          {...form.getInputProps(`${path}.area`)}
        />
        <Select label="Setting" data={SETTING_OPTIONS} allowDeselect={false} {...form.getInputProps(`${path}.setting`)} />
      </SimpleGrid>
      <TextInput label="Note" {...form.getInputProps(`${path}.note`)} />
    </ItemShell>
  );
}

const SCORE_OPTIONS = ['1', '2', '3', '4', '5'];

export function SignalFields({
  form,
  index,
  saved,
  autoFocus,
  onRemove,
  stakeholders,
}: ItemProps & { stakeholders: { value: string; label: string }[] }) {
  return (
    <ItemShell legend={`Signal ${index + 1}`} saved={saved} onRemove={onRemove}>
      <SignalInputs
        form={form}
        path={`signals.${index}`}
        signal={form.values.signals[index]}
        subjectId={form.values.conversation.stakeholder_id}
        stakeholders={stakeholders}
        autoFocus={autoFocus}
      />
    </ItemShell>
  );
}

/**
 * A signal's inputs at `path` of any form (in the log form's list; `''` in the profile's
 * dialog, whose whole form is one signal observed outside a conversation): its kind, source,
 * the kind's own fields and a note. `subjectId` is the person the signal is about, who cannot
 * have nominated themselves.
 */
export function SignalInputs<V>({
  form,
  path,
  signal,
  subjectId,
  stakeholders,
  autoFocus = false,
}: {
  form: UseFormReturnType<V>;
  path: string;
  signal: SignalValues | undefined;
  subjectId: string | null;
  stakeholders: { value: string; label: string }[];
  autoFocus?: boolean;
}) {
  const kind = signal?.kind ?? 'quick_win';
  const prefix = path ? `${path}.` : '';
  const set = (field: string, value: unknown) => form.setFieldValue(`${prefix}${field}`, value as never);
  const intensity = (
    <Radio.Group label="Intensity" {...form.getInputProps(`${prefix}intensity`)}>
      <Group mt={4}>
        <Radio value="1" label="1 Slight" />
        <Radio value="2" label="2 Clear" />
        <Radio value="3" label="3 Strong" />
      </Group>
    </Radio.Group>
  );
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label="Kind"
          data={SIGNAL_KIND_OPTIONS}
          allowDeselect={false}
          autoFocus={autoFocus}
          {...form.getInputProps(`${prefix}kind`)}
          onChange={(v) => {
            if (!isOneOf(SIGNAL_KIND_LABELS, v)) return;
            set('kind', v);
            set('facet', null);
          }}
        />
        <Select label="Source" data={SOURCE_OPTIONS} allowDeselect={false} {...form.getInputProps(`${prefix}source`)} />
      </SimpleGrid>
      {kind === 'champion_behavior' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select label="Facet" data={CHAMPION_FACET_OPTIONS} required {...form.getInputProps(`${prefix}facet`)} />
          {intensity}
        </SimpleGrid>
      )}
      {kind === 'resistance_behavior' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select label="Facet" data={RESISTANCE_FACET_OPTIONS} required {...form.getInputProps(`${prefix}facet`)} />
          {intensity}
        </SimpleGrid>
      )}
      {kind === 'readiness_check' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput label="Commitment (1–5)" min={1} max={5} step={0.5} decimalScale={1} required {...form.getInputProps(`${prefix}commitment`)} />
          <NumberInput label="Efficacy (1–5)" min={1} max={5} step={0.5} decimalScale={1} required {...form.getInputProps(`${prefix}efficacy`)} />
        </SimpleGrid>
      )}
      {kind === 'stage_of_change' && (
        <Select
          label="Stage"
          data={STAGE_OPTIONS}
          required
          {...form.getInputProps(`${prefix}stage`)}
          onChange={(v) => set('stage', isOneOf(STAGE_LABELS, v) ? v : null)}
        />
      )}
      {kind === 'adkar' && (
        <SimpleGrid cols={{ base: 2, sm: 5 }}>
          {ADKAR_FIELDS.map((f) => (
            <Select
              key={f}
              label={f[0]?.toUpperCase() + f.slice(1)}
              placeholder="—"
              data={SCORE_OPTIONS}
              clearable
              {...form.getInputProps(`${prefix}adkar.${f}`)}
            />
          ))}
        </SimpleGrid>
      )}
      {kind === 'peer_nomination' && (
        <Select
          label="Nominated by"
          description="The colleague who named them as someone to involve"
          data={stakeholders.filter((s) => s.value !== subjectId)}
          searchable
          required
          {...form.getInputProps(`${prefix}nominated_by_id`)}
        />
      )}
      <TextInput label="Note" {...form.getInputProps(`${prefix}note`)} />
    </>
  );
}
