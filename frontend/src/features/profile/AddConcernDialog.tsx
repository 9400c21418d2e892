import { Button, Group, Modal, Radio, Select, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { toFieldErrors } from '../../api/errors';
import type { CfirConstruct, CfirDomain } from '../../api/types';
import { FormError } from '../../components/FormError';
import { CFIR_DOMAIN_OPTIONS, constructOptions, SEVERITIES } from '../conversations/vocab';
import { useCreateConcern } from '../scores/api';
import { notifyDone } from '../scores/notify';

interface Values {
  text: string;
  severity: string;
  cfir_domain: CfirDomain | null;
  cfir_construct: CfirConstruct | null;
}

/** A concern raised outside a logged conversation (in the corridor, by email). */
export function AddConcernDialog({
  workspaceId,
  stakeholderId,
  name,
  opened,
  onClose,
}: {
  workspaceId: string;
  stakeholderId: string;
  name: string;
  opened: boolean;
  onClose: () => void;
}) {
  const create = useCreateConcern(workspaceId);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: { text: '', severity: '1', cfir_domain: null, cfir_construct: null },
    validate: { text: (v) => (v.trim() ? null : 'Say what worries them') },
  });
  const close = () => {
    form.reset();
    setFormError(null);
    onClose();
  };
  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    try {
      await create.mutateAsync({
        stakeholder_id: stakeholderId,
        text: v.text.trim(),
        severity: Number(v.severity),
        cfir_domain: v.cfir_domain,
        cfir_construct: v.cfir_domain ? v.cfir_construct : null,
      });
      notifyDone(`Added a concern for ${name}.`);
      close();
    } catch (error) {
      const mapped = toFieldErrors(error, { known: ['text', 'severity', 'cfir_domain', 'cfir_construct'] });
      form.setErrors(mapped.fieldErrors);
      setFormError(mapped.formError);
    }
  });
  return (
    <Modal opened={opened} onClose={close} title={`Add a concern for ${name}`} centered>
      <form onSubmit={submit} aria-label="Add a concern" noValidate>
        <Stack>
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
          <FormError message={formError} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add concern
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
