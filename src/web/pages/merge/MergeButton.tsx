import { useState } from 'react';
import { Button, Tooltip } from '@mantine/core';
import { IconArrowsJoin } from '@tabler/icons-react';
import { MAX_MERGE_CONTACTS } from '../../api/merges';
import { MergeModal } from './MergeModal';

interface Props {
  /** The ticked contacts in table order; null when the selection is "all matching", not ticked rows. */
  ids: string[] | null;
  onMerged?: () => void;
}

/** Why the ticked rows cannot be merged, or null when they can. */
function refusal(ids: string[] | null): string | null {
  if (ids === null) return 'Merge works on rows you tick, not on every matching contact';
  if (ids.length < 2) return 'Tick 2 or more contacts to merge them';
  if (ids.length > MAX_MERGE_CONTACTS) return `You can merge at most ${MAX_MERGE_CONTACTS} contacts at once`;
  return null;
}

/** "Merge" in the bulk bar: opens the merge dialog for the ticked rows. */
export function MergeButton({ ids, onMerged }: Props) {
  const [open, setOpen] = useState<string[] | null>(null);
  const why = refusal(ids);
  return (
    <>
      <Tooltip label={why} disabled={!why} openDelay={0}>
        {/* data-disabled, not disabled: a disabled button gets no hover, so its tooltip would never show. */}
        <Button
          size="compact-sm"
          variant="default"
          leftSection={<IconArrowsJoin size={14} />}
          data-disabled={why ? true : undefined}
          aria-disabled={!!why}
          data-testid="merge-selected"
          onClick={(e) => {
            if (why || !ids) e.preventDefault();
            else setOpen(ids);
          }}
        >
          Merge
        </Button>
      </Tooltip>
      <MergeModal ids={open} onClose={() => setOpen(null)} onMerged={onMerged} />
    </>
  );
}
