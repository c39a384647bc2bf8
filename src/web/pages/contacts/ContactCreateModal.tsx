import { useRef, useState } from 'react';
import { Alert, Button, Checkbox, Group, Modal, ScrollArea, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useCreateContact, useFields } from '../../api/hooks';
import { useSession } from '../../layout/session';
import { notifySuccess } from '../../components/notify';
import { ContactForm } from './form/ContactForm';
import { emptyDraft, isAdvancedKey } from './form/draft';
import { useContactDraft } from './form/useContactDraft';

export function ContactCreateModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={
        <Text fw={600} size="lg">
          Create contact
        </Text>
      }
      size="xl"
      scrollAreaComponent={ScrollArea.Autosize}
    >
      {/* Mounted only while open, so every opening starts from an empty form. */}
      {opened && <CreateForm onClose={onClose} />}
    </Modal>
  );
}

function CreateForm({ onClose }: { onClose: () => void }) {
  const me = useSession();
  const fields = useFields();
  const create = useCreateContact();
  const country = me.workspace.defaultCountry;
  const form = useContactDraft(() => emptyDraft(country));
  const [advanced, setAdvanced] = useState(false);
  const [again, setAgain] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const defs = fields.data ?? [];
    const body = form.build(country, defs, 'create');
    create.mutate(body, {
      onSuccess: (c) => {
        notifySuccess(`${c.displayName} was added to your contacts.`, 'Contact created');
        if (again) {
          form.reset(emptyDraft(country));
          document.querySelector<HTMLInputElement>('[data-autofocus]')?.focus();
        } else onClose();
      },
      onError: (err) => {
        const keys = form.fail(err, defs);
        if (keys.some((k) => k !== 'form' && isAdvancedKey(k, form.draft))) setAdvanced(true);
        // After the advanced part has opened, bring the first error into view.
        setTimeout(
          () =>
            formRef.current
              ?.querySelector('[aria-invalid="true"], [role="alert"]')
              ?.scrollIntoView({ block: 'center' }),
          350,
        );
      },
    });
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate data-testid="contact-create-form">
      {form.errors.form && (
        <Alert
          color="red"
          icon={<IconAlertCircle size={18} />}
          mb="md"
          role="alert"
          style={{ whiteSpace: 'pre-line' }}
        >
          {form.errors.form}
        </Alert>
      )}
      <ContactForm
        draft={form.draft}
        onChange={form.onChange}
        errors={form.errors}
        mode="create"
        fields={fields.data ?? []}
        defaultCountry={country}
        dateFormat={me.workspace.dateFormat}
        advanced={advanced}
        onToggleAdvanced={() => setAdvanced((a) => !a)}
      />
      <Group justify="space-between" mt="xl" py="md" className="modal-footer">
        <Checkbox
          label="Save and create new"
          checked={again}
          onChange={(e) => setAgain(e.currentTarget.checked)}
        />
        <Group gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create
          </Button>
        </Group>
      </Group>
    </form>
  );
}
