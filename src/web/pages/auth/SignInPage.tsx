import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useSignIn } from '../../api/hooks';
import { useFormState } from '../../lib/form';
import { AuthCard } from './AuthCard';

export function SignInPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const signIn = useSignIn();
  const form = useFormState({ email: '', password: '' });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    signIn.mutate(form.values, {
      onSuccess: () => {
        const next = params.get('next');
        navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/contacts', {
          replace: true,
        });
      },
      onError: (err) => form.fail(err, ['email', 'password']),
    });
  };

  return (
    <AuthCard title="Sign in" subtitle="Welcome back. Sign in to your workspace.">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {form.errors.form && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
              {form.errors.form}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            {...form.prop('email')}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            {...form.prop('password')}
          />
          <Button type="submit" loading={signIn.isPending} fullWidth mt="xs">
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
