import { Badge, Button, Checkbox, Fieldset, Group, NumberInput, Radio, Select, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { ReactNode } from 'react';
import type { CfirDomain } from '../../api/types';
import type { LogValues, SignalValues } from './logForm';
import {
  ADKAR_FIELDS,
  CFIR_DOMAIN_LABELS,
  CFIR_DOMAIN_OPTIONS,
  CHAMPION_FACET_OPTIONS,
  constructOptions,
  isOneOf,
  MODE_OPTIONS,
  OWNER_OPTIONS,
  RESISTANCE_FACET_OPTIONS,
  SETTING_OPTIONS,
  SEVERITIES,
  SIGNAL_KIND_LABELS,
  SIGNAL_KIND_OPTIONS,
  SOURCE_OPTIONS,
  STAGE_LABELS,
  STAGE_OPTIONS,
  TONES,
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
  return (
    <ItemShell legend={`Concern ${index + 1}`} saved={saved} onRemove={onRemove}>
      <ConcernInputs form={form} path={`concerns.${index}`} autoFocus={autoFocus} disabled={saved} />
    </ItemShell>
  );
}

/** A concern's inputs at `path` of any form (the log form's list; `''` in the profile's
 * dialogs, to add a concern or correct one). Choosing another domain clears the construct. */
export function ConcernInputs<V>({ form, path, autoFocus = false, disabled = false }: { form: UseFormReturnType<V>; path: string; autoFocus?: boolean; disabled?: boolean }) {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  const domain = (form.getInputProps(at('cfir_domain')).value as CfirDomain | null | undefined) ?? null;
  return (
    <>
      <Textarea label="What worries them" required autosize minRows={2} autoFocus={autoFocus} data-autofocus={autoFocus || undefined} {...form.getInputProps(at('text'))} />
      <Radio.Group label="Severity" {...form.getInputProps(at('severity'))}>
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
          {...form.getInputProps(at('cfir_domain'))}
          onChange={(v) => {
            form.setFieldValue(at('cfir_domain'), (isOneOf(CFIR_DOMAIN_LABELS, v) ? v : null) as never);
            form.setFieldValue(at('cfir_construct'), null as never);
          }}
        />
        <Select
          label="CFIR construct"
          placeholder={domain ? 'Not classified' : 'Choose a domain first'}
          data={constructOptions(domain)}
          disabled={disabled || !domain}
          clearable
          searchable
          {...form.getInputProps(at('cfir_construct'))}
        />
      </SimpleGrid>
    </>
  );
}

export function CommitmentFields({ form, index, saved, autoFocus, onRemove }: ItemProps) {
  return (
    <ItemShell legend={`Commitment ${index + 1}`} saved={saved} onRemove={onRemove}>
      <CommitmentInputs form={form} path={`commitments.${index}`} autoFocus={autoFocus} />
    </ItemShell>
  );
}

/** A commitment's inputs at `path` of any form (the log form's list; `''` in the timeline's
 * edit dialog). */
export function CommitmentInputs<V>({ form, path, autoFocus = false }: { form: UseFormReturnType<V>; path: string; autoFocus?: boolean }) {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  return (
    <>
      <TextInput label="What was promised" required autoFocus={autoFocus} {...form.getInputProps(at('description'))} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select label="Who promised it" data={OWNER_OPTIONS} allowDeselect={false} {...form.getInputProps(at('owner'))} />
        <TextInput label="Due on" type="date" {...form.getInputProps(at('due_on'))} />
      </SimpleGrid>
    </>
  );
}

export function AcknowledgementFields({ form, index, saved, autoFocus, onRemove }: ItemProps) {
  return (
    <ItemShell legend={`Acknowledgement ${index + 1}`} saved={saved} onRemove={onRemove}>
      <AcknowledgementInputs form={form} path={`acknowledgements.${index}`} autoFocus={autoFocus} />
    </ItemShell>
  );
}

/** An acknowledgement's inputs at `path` of any form: the expertise, the setting and a note,
 * and with `withTime` when it happened (the log form's take the conversation's time). */
export function AcknowledgementInputs<V>({ form, path, autoFocus = false, withTime = false }: { form: UseFormReturnType<V>; path: string; autoFocus?: boolean; withTime?: boolean }) {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  const area = (
    <TextInput
      label="Expertise acknowledged"
      description="e.g. “QI: run charts”, “Fishbone diagrams”"
      required
      autoFocus={autoFocus}
      data-autofocus={autoFocus || undefined}
      {...form.getInputProps(at('area'))}
    />
  );
  const setting = <Select label="Setting" data={SETTING_OPTIONS} allowDeselect={false} {...form.getInputProps(at('setting'))} />;
  return (
    <>
      {withTime ? (
        <>
          {area}
          <Group grow align="flex-start">
            {setting}
            <TextInput label="When" type="datetime-local" required {...form.getInputProps(at('at'))} />
          </Group>
        </>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {area}
          {setting}
        </SimpleGrid>
      )}
      <TextInput label="Note" {...form.getInputProps(at('note'))} />
    </>
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
  kindFixed = false,
}: {
  form: UseFormReturnType<V>;
  path: string;
  signal: SignalValues | undefined;
  subjectId: string | null;
  stakeholders: { value: string; label: string }[];
  autoFocus?: boolean;
  /** A logged signal keeps its kind (the fields differ): to change it, delete and record anew. */
  kindFixed?: boolean;
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
          disabled={kindFixed}
          description={kindFixed ? 'To change it, delete the signal and record a new one' : undefined}
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

const RATINGS = ['authenticity', 'competence', 'empathy'] as const;

/**
 * A conversation's own inputs at `path` of any form (the log form's, or the timeline's edit
 * dialog's), from when it happened to the next contact. `first` heads the top grid (the log
 * form's person picker). `summaryHidden`: the summary is private to someone else, so it and
 * the private flag are shown as such and cannot be changed here.
 */
export function ConversationInputs<V>({
  form,
  path,
  first,
  summaryHidden = false,
}: {
  form: UseFormReturnType<V>;
  path: string;
  first?: ReactNode;
  summaryHidden?: boolean;
}) {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {first}
        <TextInput label="When" type="datetime-local" required {...form.getInputProps(at('occurred_at'))} />
        <Select label="Mode" data={MODE_OPTIONS} allowDeselect={false} {...form.getInputProps(at('mode'))} />
        <NumberInput label="Duration (minutes)" min={1} max={1440} allowDecimal={false} {...form.getInputProps(at('duration_minutes'))} />
      </SimpleGrid>
      <Radio.Group label="Tone" description="How the conversation felt, from −2 (hostile) to +2 (warm)" required {...form.getInputProps(at('tone'))}>
        <Group mt={6} gap="md">
          {TONES.map((t) => (
            <Radio key={t.value} value={t.value} label={t.label} />
          ))}
        </Group>
      </Radio.Group>
      {summaryHidden ? (
        <Text size="sm" c="dimmed">
          The summary is private to whoever held the conversation, so it stays as it is.
        </Text>
      ) : (
        <>
          <Textarea label="Summary notes" autosize minRows={3} {...form.getInputProps(at('summary'))} />
          <Checkbox
            label="Private notes"
            description="Only whoever held the conversation sees the summary; others see that it took place."
            {...form.getInputProps(at('private'), { type: 'checkbox' })}
          />
        </>
      )}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {RATINGS.map((r) => (
          <Select key={r} label={`How they rated our ${r}`} placeholder="Not rated" data={SCORE_OPTIONS} clearable {...form.getInputProps(at(`ratings.${r}`))} />
        ))}
      </SimpleGrid>
      <TagsInput label="Topics" description="Press Enter after each topic" {...form.getInputProps(at('topics'))} />
      <Group align="flex-end" gap="md">
        <TextInput label="Next contact on" type="date" {...form.getInputProps(at('next_contact_on'))} />
        <Checkbox label="Already scheduled" mb={8} {...form.getInputProps(at('next_contact_scheduled'), { type: 'checkbox' })} />
      </Group>
    </>
  );
}
