import type { ReactNode } from 'react';
import {
  Button,
  Collapse,
  Divider,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import dayjs from 'dayjs';
import type { FieldDefinition } from '../../../api/types';
import { useMeta } from '../../../api/hooks';
import {
  CHANNEL_LABELS,
  CONTACT_LEVELS,
  CONTACT_TYPES,
  SOCIAL_CHANNELS,
  options,
} from '../../../lib/constants';
import type { Errors } from '../../../lib/form';
import { CountrySelect } from '../../../components/CountrySelect';
import { CustomFieldInput } from './CustomFieldInput';
import { EmailList, PhoneField, PhoneList } from './PointRows';
import type { Draft } from './draft';

export interface ContactFormProps {
  draft: Draft;
  onChange: (update: (d: Draft) => Draft) => void;
  errors: Errors;
  mode: 'create' | 'edit';
  fields: FieldDefinition[];
  defaultCountry: string;
  dateFormat: string;
  advanced?: boolean;
  onToggleAdvanced?: () => void;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="sm">
      <Divider
        label={
          <Text size="sm" fw={600} c="dark.6">
            {title}
          </Text>
        }
        labelPosition="left"
      />
      {children}
    </Stack>
  );
}

const SOCIAL_PLACEHOLDERS: Record<(typeof SOCIAL_CHANNELS)[number], string> = {
  whatsapp: '+85251234567',
  wechat: 'WeChat ID',
  facebook: 'Profile name or URL',
  twitter: '@handle',
  linkedin: 'Profile URL',
  telegram: '@username',
};

export function ContactForm(props: ContactFormProps) {
  const { draft, onChange, errors, mode, fields, defaultCountry, dateFormat } = props;
  const meta = useMeta();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => onChange((d) => ({ ...d, [key]: value }));
  const text = (
    key: 'firstName' | 'lastName' | 'company' | 'jobTitle' | 'department' | 'externalId',
    label: string,
  ) => (
    <TextInput
      label={label}
      value={draft[key]}
      onChange={(e) => set(key, e.currentTarget.value)}
      error={errors[key]}
      data-autofocus={mode === 'create' && key === 'firstName' ? true : undefined}
    />
  );
  const address = (key: 'street' | 'city' | 'state' | 'zip', label: string) => (
    <TextInput
      label={label}
      value={draft.address[key]}
      onChange={(e) => {
        const value = e.currentTarget.value;
        onChange((d) => ({ ...d, address: { ...d.address, [key]: value } }));
      }}
      error={errors[`address.${key}`]}
    />
  );

  const identity = (
    <>
      <SimpleGrid cols={2}>
        <Select
          label="Type"
          data={options(CONTACT_TYPES)}
          value={draft.type}
          onChange={(v) => v && set('type', v as Draft['type'])}
          allowDeselect={false}
          error={errors.type}
        />
        <Select
          label="Level"
          data={options(CONTACT_LEVELS)}
          value={draft.level}
          onChange={(v) => v && set('level', v as Draft['level'])}
          allowDeselect={false}
          error={errors.level}
        />
      </SimpleGrid>
      <SimpleGrid cols={2}>
        {text('firstName', 'First name')}
        {text('lastName', 'Last name')}
      </SimpleGrid>
    </>
  );

  const personal = (
    <SimpleGrid cols={{ base: 1, xs: 2 }}>
      {text('company', 'Company')}
      {text('jobTitle', 'Job title')}
      {text('department', 'Department')}
      <DateInput
        label="Birth date"
        value={draft.birthDate}
        onChange={(v) => set('birthDate', v)}
        valueFormat={dateFormat}
        placeholder={dateFormat}
        clearable
        minDate="1900-01-01"
        maxDate={dayjs().format('YYYY-MM-DD')}
        error={errors.birthDate}
      />
      <Select
        label="Language"
        data={(meta.data?.languages ?? []).map((l) => ({ value: l.code, label: l.name }))}
        value={draft.language}
        onChange={(v) => set('language', v)}
        searchable
        clearable
        error={errors.language}
      />
      <Select
        label="Time zone"
        data={meta.data?.timeZones ?? []}
        value={draft.timeZone}
        onChange={(v) => set('timeZone', v)}
        searchable
        clearable
        limit={50}
        error={errors.timeZone}
      />
    </SimpleGrid>
  );

  const rest = (from: number) => (
    <>
      <Section title={from ? 'More numbers' : 'Numbers'}>
        <PhoneList
          rows={draft.phones}
          from={from}
          onChange={(rows) => set('phones', rows)}
          errors={errors}
          withStatus={mode === 'edit'}
          defaultCountry={defaultCountry}
        />
      </Section>
      <Section title={from ? 'More emails' : 'Emails'}>
        <EmailList
          rows={draft.emails}
          from={from}
          onChange={(rows) => set('emails', rows)}
          errors={errors}
          withStatus={mode === 'edit'}
        />
      </Section>
      <Section title="Address">
        {address('street', 'Street')}
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          {address('city', 'City')}
          {address('state', 'State / region')}
          {address('zip', 'ZIP / postal code')}
          <CountrySelect
            label="Country"
            value={draft.address.country}
            onChange={(v) => onChange((d) => ({ ...d, address: { ...d.address, country: v } }))}
            error={errors['address.country']}
          />
        </SimpleGrid>
      </Section>
      <Section title="Social and messengers">
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          {SOCIAL_CHANNELS.map((c) => (
            <TextInput
              key={c}
              label={CHANNEL_LABELS[c]}
              placeholder={SOCIAL_PLACEHOLDERS[c]}
              value={draft.social[c].value}
              onChange={(e) => {
                const value = e.currentTarget.value;
                onChange((d) => ({ ...d, social: { ...d.social, [c]: { ...d.social[c], value } } }));
              }}
              error={errors[`social.${c}`]}
            />
          ))}
        </SimpleGrid>
      </Section>
      {fields.length > 0 && (
        <Section title="Custom fields">
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            {fields.map((f) => (
              <CustomFieldInput
                key={f.id}
                field={f}
                value={draft.custom[f.key]}
                onChange={(v) => onChange((d) => ({ ...d, custom: { ...d.custom, [f.key]: v } }))}
                error={errors[`custom.${f.key}`]}
                dateFormat={dateFormat}
              />
            ))}
          </SimpleGrid>
        </Section>
      )}
      <Section title="Other">
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TagsInput
            label="Tags"
            placeholder="Type and press Enter"
            value={draft.tags}
            onChange={(v) => set('tags', v)}
            error={errors.tags}
            clearable
          />
          {text('externalId', 'External ID')}
        </SimpleGrid>
      </Section>
    </>
  );

  if (mode === 'edit') {
    return (
      <Stack gap="lg">
        <Section title="Personal information">
          {identity}
          {personal}
        </Section>
        {rest(0)}
      </Stack>
    );
  }

  const quickEmail = draft.emails[0];
  return (
    <Stack gap="md">
      {identity}
      <PhoneField
        row={draft.phones[0]}
        quick
        onChange={(row) => onChange((d) => ({ ...d, phones: [row, ...d.phones.slice(1)] }))}
        error={errors[`phones.${draft.phones[0].key}`]}
      />
      <TextInput
        label="Email"
        type="email"
        placeholder="name@example.com"
        value={quickEmail.value}
        onChange={(e) => {
          const value = e.currentTarget.value;
          onChange((d) => ({ ...d, emails: [{ ...d.emails[0], value }, ...d.emails.slice(1)] }));
        }}
        error={errors[`emails.${quickEmail.key}`]}
      />
      <Button
        variant="subtle"
        w="fit-content"
        px={0}
        onClick={props.onToggleAdvanced}
        leftSection={props.advanced ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
        aria-expanded={props.advanced}
      >
        Advanced
      </Button>
      <Collapse expanded={!!props.advanced}>
        <Stack gap="lg">
          <Section title="Personal information">{personal}</Section>
          {rest(1)}
        </Stack>
      </Collapse>
    </Stack>
  );
}
