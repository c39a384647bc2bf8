import { useEffect } from 'react';
import {
  Alert,
  Button,
  Card,
  Group,
  Input,
  SegmentedControl,
  Skeleton,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import dayjs from 'dayjs';
import { useUpdateWorkspace, useWorkspace } from '../../api/hooks';
import type { DateFormat } from '../../api/types';
import { DATE_FORMATS } from '../../lib/constants';
import { useFormState } from '../../lib/form';
import { CountrySelect } from '../../components/CountrySelect';
import { PageHeader } from '../../components/PageHeader';
import { notifySuccess } from '../../components/notify';

const FIELDS = ['name', 'defaultCountry', 'dateFormat'] as const;

export function SettingsPage() {
  const ws = useWorkspace();
  const update = useUpdateWorkspace();
  const form = useFormState({
    name: '',
    defaultCountry: null as string | null,
    dateFormat: 'YYYY-MM-DD' as DateFormat,
  });
  const { reset } = form;

  useEffect(() => {
    if (ws.data)
      reset({ name: ws.data.name, defaultCountry: ws.data.defaultCountry, dateFormat: ws.data.dateFormat });
  }, [ws.data, reset]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const v = form.values;
    if (!v.name.trim()) return form.setErrors({ name: 'Workspace name is required' });
    update.mutate(
      { name: v.name, defaultCountry: v.defaultCountry ?? undefined, dateFormat: v.dateFormat },
      {
        onSuccess: () => notifySuccess('Workspace settings saved.'),
        onError: (err) => form.fail(err, FIELDS),
      },
    );
  };

  const example = dayjs().format(form.values.dateFormat);
  return (
    <>
      <PageHeader title="Settings" description="Workspace-wide preferences." />
      <Card maw={640} component="form" onSubmit={submit} noValidate>
        <Title order={4} mb="md">
          Workspace
        </Title>
        {ws.isPending ? (
          <Stack>
            <Skeleton height={56} />
            <Skeleton height={56} />
            <Skeleton height={56} />
          </Stack>
        ) : (
          <Stack gap="lg">
            {form.errors.form && <Alert color="red">{form.errors.form}</Alert>}
            <TextInput label="Workspace name" required {...form.prop('name')} />
            <CountrySelect
              label="Default country"
              description="Phone numbers typed without a country code are read as this country"
              value={form.values.defaultCountry}
              onChange={(v) => form.set('defaultCountry', v)}
              error={form.errors.defaultCountry}
              clearable={false}
            />
            <Input.Wrapper
              label="Date format"
              description={`Today is shown as ${example}`}
              inputWrapperOrder={['label', 'input', 'description']}
            >
              <SegmentedControl
                aria-label="Date format"
                data={DATE_FORMATS.map((f) => ({ value: f, label: f }))}
                value={form.values.dateFormat}
                onChange={(f) => form.set('dateFormat', f as DateFormat)}
                w="fit-content"
                display="flex"
                my={6}
              />
            </Input.Wrapper>
            <Group justify="flex-end">
              <Button type="submit" loading={update.isPending}>
                Save settings
              </Button>
            </Group>
          </Stack>
        )}
      </Card>
    </>
  );
}
