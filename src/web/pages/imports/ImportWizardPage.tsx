import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Box, Button, Card, Group, Loader, Stepper, Text } from '@mantine/core';
import { IconArrowLeft, IconArrowRight, IconListDetails, IconPlayerPlay } from '@tabler/icons-react';
import { api, errorMessage, isApiError } from '../../api/client';
import { useFields, useUsers } from '../../api/hooks';
import {
  readPreview,
  useStartImport,
  type ImportPreview,
  type ImportStartBody,
  type ImportSummary,
  type ImportTarget,
  type ReadOptions,
} from '../../api/imports';
import { useSession } from '../../layout/session';
import { PageHeader } from '../../components/PageHeader';
import { notifyError } from '../../components/notify';
import { MappingStep } from './MappingStep';
import { effectiveMatchBy, effectiveOnMatch, OptionsStep, type ImportChoices } from './OptionsStep';
import { PreviewStep, readOptionsOf } from './PreviewStep';
import { identifies, parseTarget } from './targets';
import { UploadStep } from './UploadStep';
import { count, importName } from './format';

const sameHeaders = (a: string[], b: string[]) => a.length === b.length && a.every((h, i) => h === b[i]);

/** Splits a start error's field errors between the mapping step and the options step. */
function splitErrors(e: unknown) {
  const mapping: Record<string, string> = {};
  const options: Record<string, string> = {};
  if (isApiError(e) && e.errors.length > 0) {
    for (const { path, message } of e.errors) {
      const parts = path.split('.');
      if (parts[0] === 'mapping') mapping[parts.slice(0, 2).join('.')] ??= message;
      else options[parts[0] || 'form'] ??= message;
    }
  } else options.form = errorMessage(e);
  return { mapping, options };
}

/** The import wizard: upload, preview, map columns, options; then the import's own page. */
export function ImportWizardPage() {
  const me = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const resumeId = params.get('resume');
  // The outbound list page's "From a file" comes here with the list to fill.
  const listParam = params.get('listId');
  const fields = useFields();
  const users = useUsers();
  const start = useStartImport();

  const [step, setStep] = useState(0);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<ImportTarget[]>([]);
  const [touched, setTouched] = useState<Set<number>>(new Set());
  const [reading, setReading] = useState(false);
  const [readError, setReadError] = useState<string | null>(null);
  const [mappingErrors, setMappingErrors] = useState<Record<string, string>>({});
  const [optionErrors, setOptionErrors] = useState<Record<string, string>>({});
  const [resuming, setResuming] = useState(!!resumeId);
  const [choices, setChoices] = useState<ImportChoices>({
    matchBy: null,
    onMatch: 'update',
    generateExternalIds: false,
    tags: [],
    groupId: null,
    listId: me.isManager ? listParam : null,
    ownerId: me.user?.id ?? null,
    defaultCountry: me.workspace.defaultCountry,
    dateFormat: 'YYYY-MM-DD',
  });

  const accept = (p: ImportPreview, keepMapping = false) => {
    setPreview(p);
    setReadError(null);
    setMappingErrors({});
    if (!keepMapping) {
      setMapping(p.suggestedMapping.mapping);
      setTouched(new Set());
    }
  };

  // "Continue" on an upload left unstarted: read it again as it was last previewed.
  useEffect(() => {
    if (!resumeId) return;
    let live = true;
    api
      .get<ImportSummary>(`/imports/${resumeId}`)
      .then((s) => {
        if (s.state !== 'uploaded') {
          navigate(`/imports/${resumeId}`, { replace: true });
          return null;
        }
        return readPreview(resumeId, readOptionsOf(s));
      })
      .then((p) => {
        if (!live || !p) return;
        accept(p);
        setStep(1);
      })
      .catch((e) => live && setReadError(errorMessage(e)))
      .finally(() => live && setResuming(false));
    return () => {
      live = false;
    };
    // Once per resumed import: accept and navigate are not dependencies worth re-running for.
  }, [resumeId]);

  const onUploaded = (p: ImportPreview) => {
    // The earlier upload of this wizard was never started: replacing it removes it.
    if (preview && preview.id !== p.id) api.del(`/imports/${preview.id}`).catch(() => undefined);
    accept(p);
    setStep(1);
  };

  const onRead = (options: ReadOptions) => {
    if (!preview) return;
    setReading(true);
    setReadError(null);
    readPreview(preview.id, options)
      .then((p) => accept(p, sameHeaders(p.headers, preview.headers)))
      .catch((e) => setReadError(errorMessage(e)))
      .finally(() => setReading(false));
  };

  const onMap = (column: number, value: string | null) => {
    setMapping((m) => m.map((t, i) => (i === column ? parseTarget(value) : t)));
    setTouched((t) => new Set(t).add(column));
    setMappingErrors(({ [`mapping.${column}`]: _gone, mapping: _all, ...rest }) => rest);
  };

  const setChoice = <K extends keyof ImportChoices>(key: K, value: ImportChoices[K]) => {
    setChoices((c) => ({ ...c, [key]: value }));
    setOptionErrors(({ [key]: _gone, form: _form, ...rest }) => rest);
  };

  const submit = () => {
    if (!preview) return;
    const read = readOptionsOf(preview);
    const body: ImportStartBody = {
      mapping,
      matchBy: effectiveMatchBy(choices, mapping),
      onMatch: effectiveOnMatch(choices, mapping),
      generateExternalIds: choices.generateExternalIds,
      tags: choices.tags,
      ...(choices.groupId ? { groupId: choices.groupId } : {}),
      ...(me.isManager && choices.listId ? { listId: choices.listId } : {}),
      ...(me.isManager && choices.ownerId ? { ownerId: choices.ownerId } : {}),
      ...(choices.defaultCountry ? { defaultCountry: choices.defaultCountry } : {}),
      dateFormat: choices.dateFormat,
      encoding: read.encoding,
      delimiter: read.delimiter,
      ...(preview.hasHeader === null ? {} : { hasHeader: preview.hasHeader }),
      ...(preview.sheet ? { sheet: preview.sheet } : {}),
    };
    start.mutate(
      { id: preview.id, body },
      {
        onSuccess: (s) => navigate(`/imports/${s.id}`),
        onError: (e) => {
          const split = splitErrors(e);
          setMappingErrors(split.mapping);
          setOptionErrors(split.options);
          if (Object.keys(split.mapping).length > 0) {
            setStep(2);
            notifyError(
              new Error('Fix what is marked on this step, then start the import again.'),
              'Check the column mapping',
            );
          }
        },
      },
    );
  };

  const canMap = identifies(mapping);
  const next = [
    null,
    { label: 'Map columns', disabled: reading, onClick: () => setStep(2) },
    { label: 'Set options', disabled: !canMap, onClick: () => setStep(3) },
    { label: 'Start import', disabled: !canMap, onClick: submit },
  ][step];

  return (
    <>
      <PageHeader
        title="Import contacts"
        description="Add or update contacts from a CSV, Excel or vCard file, or from pasted text."
        actions={
          <Button
            component={Link}
            to="/imports"
            variant="default"
            leftSection={<IconListDetails size={16} />}
          >
            All imports
          </Button>
        }
      />
      <Stepper
        active={step}
        onStepClick={(s) => preview && !start.isPending && setStep(s)}
        allowNextStepsSelect={false}
        size="sm"
        mb="lg"
      >
        <Stepper.Step label="Upload" description="A file or pasted text" />
        <Stepper.Step label="Preview" description="Check how it reads" />
        <Stepper.Step label="Map columns" description="What each column holds" />
        <Stepper.Step label="Options" description="Matching, tags, owner" />
      </Stepper>
      <Card data-testid={`wizard-step-${step + 1}`} pb={0} style={{ overflow: 'visible' }}>
        {resuming ? (
          <Group justify="center" py="xl">
            <Loader size="sm" />
            <Text c="dimmed">Reading the uploaded file…</Text>
          </Group>
        ) : step === 0 || !preview ? (
          <Box pb="lg">
            {readError && (
              <Alert color="red" mb="md" role="alert">
                {readError}
              </Alert>
            )}
            <UploadStep current={preview} onUploaded={onUploaded} onKeep={() => setStep(1)} />
          </Box>
        ) : step === 1 ? (
          <PreviewStep preview={preview} reading={reading} error={readError} onRead={onRead} />
        ) : step === 2 ? (
          <MappingStep
            preview={preview}
            mapping={mapping}
            touched={touched}
            fields={fields.data ?? []}
            errors={mappingErrors}
            entries={me.isManager}
            onChange={onMap}
          />
        ) : (
          <OptionsStep
            choices={choices}
            set={setChoice}
            mapping={mapping}
            errors={optionErrors}
            users={users.data ?? []}
            isManager={me.isManager}
          />
        )}
        {next && preview && (
          <Group
            justify="space-between"
            py="md"
            mt="lg"
            style={{
              position: 'sticky',
              bottom: 0,
              zIndex: 6,
              background: 'var(--mantine-color-body)',
              borderTop: '1px solid var(--mantine-color-gray-2)',
            }}
          >
            <Button
              variant="default"
              leftSection={<IconArrowLeft size={16} />}
              onClick={() => setStep(step - 1)}
              disabled={start.isPending}
            >
              {step === 1 ? 'Choose another file' : 'Back'}
            </Button>
            <Group gap="sm">
              {step === 3 && (
                <Text size="sm" c="dimmed" visibleFrom="sm">
                  {importName(preview)}
                  {preview.rowsEstimate !== null &&
                    `: ${preview.rowsEstimate > preview.rows.length ? 'about ' : ''}${count(preview.rowsEstimate)} ${
                      preview.rowsEstimate === 1 ? 'row' : 'rows'
                    }`}
                </Text>
              )}
              <Button
                onClick={next.onClick}
                disabled={next.disabled}
                loading={step === 3 && start.isPending}
                rightSection={step === 3 ? <IconPlayerPlay size={16} /> : <IconArrowRight size={16} />}
              >
                {next.label}
              </Button>
            </Group>
          </Group>
        )}
      </Card>
    </>
  );
}
