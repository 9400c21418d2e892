import { Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { toFieldErrors } from '../../api/errors';
import { FormError } from '../../components/FormError';
import { usePageTitle } from '../../components/usePageTitle';
import { safeNext } from '../../lib/safeNext';
import { useLogin } from './api';

export function SignInPage() {
  usePageTitle('Sign in');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const login = useLogin();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (/^[^@\s]+@[^@\s]+$/.test(v.trim()) ? null : 'Enter your email address'),
      password: (v) => (v ? null : 'Enter your password'),
    },
  });
  const next = params.get('next');

  const submit = form.onSubmit((values) => {
    setFormError(null);
    login.mutate(
      { email: values.email.trim(), password: values.password },
      {
        onSuccess: () => void navigate(safeNext(next), { replace: true }),
        onError: (error) => {
          const mapped = toFieldErrors(error);
          form.setErrors(mapped.fieldErrors);
          setFormError(mapped.formError);
          form.setFieldValue('password', '');
        },
      },
    );
  });

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={400} radius="md">
        <form onSubmit={submit} noValidate aria-labelledby="signin-title">
          <Stack>
            <div>
              <Title order={1} size="h2" id="signin-title">
                Sign in to Rapport
              </Title>
              {next && (
                <Text size="sm" c="dimmed" mt={4}>
                  Sign in to continue where you were.
                </Text>
              )}
            </div>
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              data-autofocus
              autoFocus
              {...form.getInputProps('email')}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              {...form.getInputProps('password')}
            />
            <FormError message={formError} />
            <Button type="submit" loading={login.isPending} fullWidth>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
