import type { UseFormReturnType } from '@mantine/form';
import { useState } from 'react';
import { type MapOptions, toFieldErrors } from '../../api/errors';
import { notifyDone } from '../scores/notify';

/**
 * The submit and close of a profile's quick-entry dialog (RecordModal): send, confirm with a
 * notification and close; or put the server's refusal on the fields it names (the rest above
 * the buttons). Closing clears the form for next time.
 */
export function useRecordForm<V extends object>(
  form: UseFormReturnType<V>,
  {
    send,
    done,
    errors,
    reset,
    onClose,
  }: {
    send: (values: V) => Promise<unknown>;
    done: (values: V) => string;
    errors: MapOptions;
    reset: () => void;
    onClose: () => void;
  },
) {
  const [formError, setFormError] = useState<string | null>(null);
  const close = () => {
    reset();
    form.clearErrors();
    setFormError(null);
    onClose();
  };
  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await send(values);
      notifyDone(done(values));
      close();
    } catch (error) {
      const mapped = toFieldErrors(error, errors);
      form.setErrors(mapped.fieldErrors);
      setFormError(mapped.formError);
    }
  });
  // What RecordModal takes from the form: spread it as `{...modal}`. `dirty`: something was
  // typed, which a stray click outside the dialog or Escape must not throw away.
  return { modal: { formError, onClose: close, onSubmit: submit, dirty: form.isDirty() } };
}
