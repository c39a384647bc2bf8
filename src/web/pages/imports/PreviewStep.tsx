import { Fragment } from 'react';
import {
  Alert,
  Badge,
  Group,
  List,
  LoadingOverlay,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
} from '@mantine/core';
import { IconAlertCircle, IconAlertTriangle } from '@tabler/icons-react';
import {
  ENCODINGS,
  type DelimiterName,
  type Encoding,
  type ImportPreview,
  type ReadOptions,
} from '../../api/imports';
import { DELIMITERS } from '../../../modules/imports/enums';
import { count, DELIMITER_LABELS, ENCODING_LABELS, fileSize, importName, KIND_LABELS } from './format';

/** The read options that reproduce this preview, with one of them changed. */
export function readOptionsOf(
  p: Pick<ImportPreview, 'encoding' | 'delimiter' | 'hasHeader' | 'sheet'>,
  change: ReadOptions = {},
): ReadOptions {
  const encoding = (ENCODINGS as readonly string[]).includes(p.encoding ?? '')
    ? (p.encoding as Encoding)
    : 'auto';
  return {
    hasHeader: p.hasHeader === null ? 'auto' : p.hasHeader ? 'true' : 'false',
    encoding,
    delimiter: p.delimiter ?? 'auto',
    sheet: p.sheet ?? undefined,
    ...change,
  };
}

function Detected({ preview }: { preview: ImportPreview }) {
  const facts = [
    preview.fileSize > 0 && fileSize(preview.fileSize),
    preview.kind && KIND_LABELS[preview.kind],
    preview.kind !== 'xlsx' && preview.kind !== 'pasted' && preview.encoding
      ? (ENCODING_LABELS[preview.encoding] ?? preview.encoding)
      : null,
    preview.delimiter && `${DELIMITER_LABELS[preview.delimiter].split(' ')[0].toLowerCase()}-separated`,
    preview.rowsEstimate !== null &&
      `${preview.rowsEstimate === preview.rows.length ? '' : 'about '}${count(preview.rowsEstimate)} ${
        preview.rowsEstimate === 1 ? 'row' : 'rows'
      }`,
    `${preview.headers.length} columns`,
  ].filter(Boolean);
  return (
    <Group gap="xs" data-testid="preview-facts">
      <Text fw={600}>{importName(preview)}</Text>
      {facts.map((f) => (
        <Badge key={String(f)} variant="light" color="gray" tt="none" fw={500}>
          {f}
        </Badge>
      ))}
    </Group>
  );
}

/** Step 2: the first rows as read, and the read options that change how. */
export function PreviewStep({
  preview,
  reading,
  error,
  onRead,
}: {
  preview: ImportPreview;
  reading: boolean;
  error: string | null;
  onRead: (options: ReadOptions) => void;
}) {
  const { kind } = preview;
  const tabular = kind === 'csv' || kind === 'xlsx';
  const problems = preview.rows.filter((r) => r.problem);
  const width = Math.max(preview.headers.length, ...preview.rows.map((r) => r.cells.length));

  return (
    <Stack gap="md">
      <Detected preview={preview} />
      {(tabular || kind === 'vcard') && (
        <Group gap="lg" align="flex-start" data-testid="read-options">
          {tabular && (
            <Switch
              label="First row has headers"
              checked={!!preview.hasHeader}
              disabled={reading}
              onChange={(e) =>
                onRead(readOptionsOf(preview, { hasHeader: e.currentTarget.checked ? 'true' : 'false' }))
              }
              mt={32}
            />
          )}
          {kind === 'xlsx' && preview.sheets && preview.sheets.length > 0 && (
            <Select
              label="Sheet"
              data={preview.sheets}
              value={preview.sheet}
              allowDeselect={false}
              disabled={reading || preview.sheets.length < 2}
              onChange={(sheet) => sheet && onRead(readOptionsOf(preview, { sheet, hasHeader: 'auto' }))}
              w={220}
            />
          )}
          {(kind === 'csv' || kind === 'vcard') && (
            <Select
              label="Encoding"
              description="Change it if accents or symbols look wrong"
              inputWrapperOrder={['label', 'input', 'description']}
              data={ENCODINGS.filter((e) => e !== 'auto').map((e) => ({
                value: e,
                label: ENCODING_LABELS[e],
              }))}
              value={preview.encoding}
              allowDeselect={false}
              disabled={reading}
              onChange={(e) => e && onRead(readOptionsOf(preview, { encoding: e as Encoding }))}
              w={280}
            />
          )}
          {kind === 'csv' && (
            <Select
              label="Separator"
              data={(Object.keys(DELIMITERS) as DelimiterName[]).map((d) => ({
                value: d,
                label: DELIMITER_LABELS[d],
              }))}
              value={preview.delimiter}
              allowDeselect={false}
              disabled={reading}
              onChange={(d) =>
                d && onRead(readOptionsOf(preview, { delimiter: d as DelimiterName, hasHeader: 'auto' }))
              }
              w={200}
            />
          )}
        </Group>
      )}
      {error && (
        <Alert
          color="red"
          icon={<IconAlertCircle size={18} />}
          role="alert"
          title="The file could not be read that way"
        >
          {error}
        </Alert>
      )}
      {preview.warnings.length > 0 && (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />} data-testid="preview-warnings">
          {preview.warnings.length === 1 ? (
            preview.warnings[0]
          ) : (
            <List size="sm" spacing={2}>
              {preview.warnings.map((w) => (
                <List.Item key={w}>{w}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      {problems.length > 0 && (
        <Text size="sm" c="red.8" data-testid="preview-problems">
          {problems.length === 1
            ? `Row ${problems[0].rowNumber} cannot be read as it is: it will be left out and listed in the error file with the reason.`
            : `${problems.length} of the first ${preview.rows.length} rows cannot be read as they are: they will be left out and listed in the error file with the reason.`}
        </Text>
      )}
      <Paper withBorder pos="relative">
        <LoadingOverlay visible={reading} zIndex={5} overlayProps={{ blur: 1 }} />
        <Table.ScrollContainer minWidth={Math.min(width * 110, 4000)} maxHeight={520}>
          <Table
            stickyHeader
            striped
            withColumnBorders
            verticalSpacing={6}
            fz="sm"
            data-testid="preview-table"
            aria-label={`First rows of ${importName(preview)}`}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={60}>Row</Table.Th>
                {preview.headers.map((h, i) => (
                  <Table.Th key={i} className="nowrap">
                    {h || <Text span c="dimmed" size="sm">{`Column ${i + 1}`}</Text>}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.rows.map((r) => (
                <Fragment key={r.rowNumber}>
                  <Table.Tr
                    data-testid="preview-row"
                    data-problem={r.problem ? 'true' : undefined}
                    bg={r.problem ? 'var(--mantine-color-red-light)' : undefined}
                  >
                    <Table.Td c="dimmed">{r.rowNumber}</Table.Td>
                    {Array.from({ length: preview.headers.length }, (_, i) => (
                      <Table.Td key={i} maw={260} title={r.cells[i]}>
                        <Text size="sm" truncate>
                          {r.cells[i]}
                        </Text>
                      </Table.Td>
                    ))}
                  </Table.Tr>
                  {r.problem && (
                    <Table.Tr bg="var(--mantine-color-red-light)">
                      <Table.Td colSpan={preview.headers.length + 1} py={4}>
                        <Group gap={6} wrap="nowrap">
                          <IconAlertTriangle size={14} color="var(--mantine-color-red-7)" />
                          <Text size="xs" c="red.8" data-testid="row-problem">
                            Row {r.rowNumber}: {r.problem}
                          </Text>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      {preview.rowsEstimate !== null && preview.rowsEstimate > preview.rows.length && (
        <Text size="xs" c="dimmed">
          The first {preview.rows.length} rows are shown.
        </Text>
      )}
    </Stack>
  );
}
