import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Group, Title } from '@mantine/core';
import { IconAlertCircle, IconRefresh } from '@tabler/icons-react';
import { isApiError } from '../../../api/client';
import { keys, useUpdateContact } from '../../../api/hooks';
import { useQueryClient } from '@tanstack/react-query';
import type { Contact, ContactPatch, FieldDefinition } from '../../../api/types';
import { notifySuccess } from '../../../components/notify';
import { ContactForm } from '../form/ContactForm';
import { draftFromContact } from '../form/draft';
import { useContactDraft } from '../form/useContactDraft';

/** Scrolls the page (only the page, not the fixed shell) so the element sits below the header. */
function scrollToElement(el: Element | null) {
  if (!el) return;
  const top = el.getBoundingClientRect().top + window.scrollY - 96;
  window.scrollTo({ top: Math.max(0, top), behavior: 'smooth' });
}

interface Props {
  contact: Contact;
  fields: FieldDefinition[];
  defaultCountry: string;
  dateFormat: string;
  onDone: () => void;
  /** Fetches the latest version of the contact. */
  reload: () => Promise<Contact | undefined>;
}

/** Edits the profile and contact points; saves with If-Match so nobody's changes are lost silently. */
export function ProfileEditor({ contact, fields, defaultCountry, dateFormat, onDone, reload }: Props) {
  const form = useContactDraft(() => draftFromContact(contact, defaultCountry));
  // The version the person started editing; a save against a newer one gets 409.
  const [base, setBase] = useState(contact.version);
  const [conflict, setConflict] = useState(false);
  const update = useUpdateContact();
  const qc = useQueryClient();
  const alertRef = useRef<HTMLDivElement>(null);

  // The Save button is at the bottom of a long form; the explanation is at the top.
  useEffect(() => {
    if (conflict || form.errors.form) scrollToElement(alertRef.current);
  }, [conflict, form.errors.form]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const body = form.build(defaultCountry, fields, 'edit') as ContactPatch;
    update.mutate(
      { id: contact.id, version: base, patch: body },
      {
        onSuccess: () => {
          notifySuccess('Your changes were saved.', 'Contact updated');
          onDone();
        },
        onError: (err) => {
          if (isApiError(err) && (err.status === 409 || err.status === 412)) {
            setConflict(true);
            // Show who changed what in the change log next to the form.
            qc.invalidateQueries({ queryKey: keys.changes(contact.id) });
          } else {
            form.fail(err, fields);
            setTimeout(
              () =>
                scrollToElement(
                  document.querySelector('[data-testid="profile-editor"] [aria-invalid="true"]'),
                ),
              50,
            );
          }
        },
      },
    );
  };

  const reloadLatest = async () => {
    const fresh = await reload();
    if (!fresh) return;
    form.reset(draftFromContact(fresh, defaultCountry));
    setBase(fresh.version);
    setConflict(false);
  };

  return (
    <Card component="form" onSubmit={submit} noValidate data-testid="profile-editor">
      <Title order={4} mb="md">
        Edit contact
      </Title>
      {conflict && (
        <Alert
          ref={alertRef}
          color="orange"
          icon={<IconAlertCircle size={18} />}
          mb="md"
          title="Someone else changed this contact"
          role="alert"
        >
          It was updated after you started editing, so your changes were not saved. Reload to see the latest
          version, then make your changes again.
          <Group mt="sm">
            <Button size="xs" color="orange" leftSection={<IconRefresh size={14} />} onClick={reloadLatest}>
              Reload latest version
            </Button>
          </Group>
        </Alert>
      )}
      {form.errors.form && (
        <Alert
          ref={conflict ? undefined : alertRef}
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
        mode="edit"
        fields={fields}
        defaultCountry={defaultCountry}
        dateFormat={dateFormat}
      />
      <Group justify="flex-end" mt="xl" gap="sm">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={update.isPending} disabled={conflict}>
          Save changes
        </Button>
      </Group>
    </Card>
  );
}
