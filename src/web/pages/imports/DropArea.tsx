import { useId, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconFileUpload } from '@tabler/icons-react';

export const ACCEPTED = '.csv,.tsv,.txt,.xlsx,.vcf,.vcard';

/**
 * Drop a file here, or click (Enter, Space) to pick one. Native drag and drop and a hidden file
 * input: there is no dropzone package in this app.
 */
export function DropArea({ onFile, disabled }: { onFile: (file: File) => void; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const hintId = useId();

  const open = () => !disabled && input.current?.click();
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open();
    }
  };
  const onDragOver = (e: DragEvent) => {
    if (disabled || !e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const onDragLeave = (e: DragEvent) => {
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  };

  return (
    <Paper
      role="button"
      tabIndex={disabled ? -1 : 0}
      aria-disabled={disabled || undefined}
      aria-label="Choose a file to import"
      aria-describedby={hintId}
      data-testid="drop-area"
      data-over={over || undefined}
      onClick={open}
      onKeyDown={onKeyDown}
      onDragEnter={onDragOver}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
      p="xl"
      py={48}
      radius="md"
      style={{
        border: `2px dashed var(--mantine-color-${over ? 'brand-5' : 'gray-4'})`,
        background: over ? 'var(--mantine-color-brand-light)' : 'var(--mantine-color-gray-0)',
        cursor: disabled ? 'not-allowed' : 'pointer',
        opacity: disabled ? 0.6 : 1,
        transition: 'background 120ms, border-color 120ms',
      }}
    >
      <Stack align="center" gap="xs">
        <ThemeIcon size={56} radius="xl" variant="light">
          <IconFileUpload size={30} stroke={1.6} />
        </ThemeIcon>
        <Text fw={600} size="lg">
          {over ? 'Drop the file to upload it' : 'Drag a file here, or click to choose one'}
        </Text>
        <Text size="sm" c="dimmed" id={hintId} ta="center">
          CSV, TSV or text (.csv, .tsv, .txt), Excel (.xlsx) or vCard (.vcf), up to 200 MB
        </Text>
      </Stack>
      <input
        ref={input}
        type="file"
        accept={ACCEPTED}
        hidden
        data-testid="import-file-input"
        aria-label="File to import"
        // The area's own click handler opens this input; its click must not bubble back there.
        onClick={(e) => e.stopPropagation()}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) onFile(file);
        }}
      />
    </Paper>
  );
}
