import { Group, Radio, Select, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { CfirConstruct, CfirDomain } from '../../api/types';
import { CFIR_DOMAIN_OPTIONS, constructOptions, SEVERITIES } from '../conversations/vocab';
import { useCreateConcern } from '../scores/api';
import { type PersonDialogProps, RecordModal } from './RecordModal';
import { useRecordForm } from './recordForm';

interface Values {
  text: string;
  severity: string;
  cfir_domain: CfirDomain | null;
  cfir_construct: CfirConstruct | null;
}

/** A concern raised outside a logged conversation (in the corridor, by email). */
export function AddConcernDialog({ workspaceId, stakeholderId, name, opened, onClose }: PersonDialogProps) {
  const create = useCreateConcern(workspaceId);
  const form = useForm<Values>({
    initialValues: { text: '', severity: '1', cfir_domain: null, cfir_construct: null },
    validate: { text: (v) => (v.trim() ? null : 'Say what worries them') },
  });
  const { modal } = useRecordForm(form, {
    send: (v) =>
      create.mutateAsync({
        stakeholder_id: stakeholderId,
        text: v.text.trim(),
        severity: Number(v.severity),
        cfir_domain: v.cfir_domain,
        cfir_construct: v.cfir_domain ? v.cfir_construct : null,
      }),
    done: () => `Added a concern for ${name}.`,
    errors: { known: ['text', 'severity', 'cfir_domain', 'cfir_construct'] },
    reset: () => form.reset(),
    onClose,
  });
  return (
    <RecordModal
      {...modal}
      title={`Add a concern for ${name}`}
      formLabel="Add a concern"
      submitLabel="Add concern"
      saving={create.isPending}
      opened={opened}
    >
      <Textarea label="What worries them" required autosize minRows={2} data-autofocus {...form.getInputProps('text')} />
      <Radio.Group label="Severity" {...form.getInputProps('severity')}>
        <Group mt={4}>
          {SEVERITIES.map((s) => (
            <Radio key={s.value} value={s.value} label={s.label} />
          ))}
        </Group>
      </Radio.Group>
      <Select
        label="CFIR domain"
        placeholder="Optional"
        data={CFIR_DOMAIN_OPTIONS}
        clearable
        {...form.getInputProps('cfir_domain')}
        onChange={(v) => {
          form.setFieldValue('cfir_domain', v as CfirDomain | null);
          form.setFieldValue('cfir_construct', null);
        }}
      />
      <Select
        label="CFIR construct"
        placeholder={form.values.cfir_domain ? 'Optional' : 'Choose a domain first'}
        data={constructOptions(form.values.cfir_domain)}
        disabled={!form.values.cfir_domain}
        clearable
        searchable
        {...form.getInputProps('cfir_construct')}
      />
    </RecordModal>
  );
}
