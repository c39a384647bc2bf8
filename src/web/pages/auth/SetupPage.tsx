import {
  Alert,
  Button,
  Checkbox,
  Divider,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useNavigate } from 'react-router-dom';
import { useSetup } from '../../api/hooks';
import { useFormState } from '../../lib/form';
import { CountrySelect } from '../../components/CountrySelect';
import { notifySuccess } from '../../components/notify';
import { AuthCard } from './AuthCard';

const FIELDS = ['workspaceName', 'name', 'email', 'password', 'defaultCountry', 'sampleContacts'] as const;

function guessCountry(): string {
  const region = navigator.language.split('-')[1];
  return region && /^[A-Z]{2}$/.test(region) ? region : 'US';
}

export function SetupPage() {
  const navigate = useNavigate();
  const setup = useSetup();
  const form = useFormState({
    workspaceName: '',
    name: '',
    email: '',
    password: '',
    defaultCountry: guessCountry() as string | null,
    sampleContacts: true,
  });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const v = form.values;
    const errors: Record<string, string> = {};
    if (!v.workspaceName.trim()) errors.workspaceName = 'Workspace name is required';
    if (!v.name.trim()) errors.name = 'Your name is required';
    if (!v.email.trim()) errors.email = 'Email is required';
    if (v.password.length < 8) errors.password = 'Password must be at least 8 characters';
    if (Object.keys(errors).length) return form.setErrors(errors);
    setup.mutate(
      { ...v, defaultCountry: v.defaultCountry ?? undefined },
      {
        onSuccess: () => {
          notifySuccess('Your workspace is ready.', 'Welcome!');
          navigate('/contacts', { replace: true });
        },
        onError: (err) => form.fail(err, FIELDS),
      },
    );
  };

  return (
    <AuthCard
      title="Set up your workspace"
      subtitle="Create the workspace and its owner account. You can invite your team next."
      width={520}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {form.errors.form && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
              {form.errors.form}
            </Alert>
          )}
          <TextInput
            label="Workspace name"
            placeholder="Acme Support"
            required
            autoFocus
            {...form.prop('workspaceName')}
          />
          <CountrySelect
            label="Default country"
            description="Phone numbers without a country code are read as this country"
            value={form.values.defaultCountry}
            onChange={(v) => form.set('defaultCountry', v)}
            error={form.errors.defaultCountry}
            clearable={false}
          />
          <Divider label="Owner account" labelPosition="left" />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput label="Your name" required autoComplete="name" {...form.prop('name')} />
            <TextInput label="Email" type="email" required autoComplete="email" {...form.prop('email')} />
          </SimpleGrid>
          <PasswordInput
            label="Password"
            description="At least 8 characters"
            required
            autoComplete="new-password"
            {...form.prop('password')}
          />
          <Checkbox
            label="Fill with sample contacts"
            description={
              <Text size="xs" c="dimmed">
                Adds realistic example contacts so you can try things out; delete them any time.
              </Text>
            }
            checked={form.values.sampleContacts}
            onChange={(e) => form.set('sampleContacts', e.currentTarget.checked)}
          />
          <Button type="submit" loading={setup.isPending} fullWidth mt="xs">
            Create workspace
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
