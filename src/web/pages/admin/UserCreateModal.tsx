import {
  Alert,
  Button,
  Group,
  Input,
  Modal,
  PasswordInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { MemberCreate } from '../../../modules/users/schema';
import { useCreateUser } from '../../api/hooks';
import { useFormState, zodErrors } from '../../lib/form';
import { notifySuccess } from '../../components/notify';
import { useSession } from '../../layout/session';

const FIELDS = ['name', 'email', 'password', 'role'] as const;

export function UserCreateModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Add user</Text>}>
      {opened && <UserForm onClose={onClose} />}
    </Modal>
  );
}

function UserForm({ onClose }: { onClose: () => void }) {
  const me = useSession();
  const create = useCreateUser();
  const form = useFormState({ name: '', email: '', password: '', role: 'agent' });
  const roles = [
    { value: 'agent', label: 'Agent' },
    { value: 'admin', label: 'Admin' },
    ...(me.role === 'owner' ? [{ value: 'owner', label: 'Owner' }] : []),
  ];

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const errors = zodErrors(MemberCreate, form.values);
    if (errors) return form.setErrors(errors);
    create.mutate(form.values, {
      onSuccess: (u) => {
        notifySuccess(`${u.name} can now sign in with ${u.email}.`, 'User added');
        onClose();
      },
      onError: (err) => form.fail(err, FIELDS),
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {form.errors.form && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
            {form.errors.form}
          </Alert>
        )}
        <TextInput label="Name" required data-autofocus {...form.prop('name')} />
        <TextInput label="Email" type="email" required {...form.prop('email')} />
        <PasswordInput
          label="Password"
          description="At least 8 characters; share it with the user safely"
          required
          autoComplete="new-password"
          {...form.prop('password')}
        />
        <Input.Wrapper
          label="Role"
          inputWrapperOrder={['label', 'input', 'description']}
          description={
            form.values.role === 'agent'
              ? 'Agents see contacts they own or that are shared with them.'
              : 'Admins see every contact and manage fields, users, API keys and settings.'
          }
        >
          <SegmentedControl
            data={roles}
            value={form.values.role}
            onChange={(r) => form.set('role', r)}
            aria-label="Role"
            fullWidth
            my={6}
          />
        </Input.Wrapper>
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Add user
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
