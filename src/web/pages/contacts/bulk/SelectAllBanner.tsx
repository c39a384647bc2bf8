import { Button, Group, Text } from '@mantine/core';
import type { ContactSelection } from '../../../api/filters';
import { contactsWord, scopeText } from './target';

interface Props {
  /** Rows ticked on this page. */
  pageCount: number;
  /** Contacts the view matches. */
  total: number;
  selection: ContactSelection;
  allMatching: boolean;
  onSelectAll: () => void;
  onClear: () => void;
}

/**
 * Above the table once the whole page is ticked and more contacts match: offers to act on all of
 * them (the selection becomes the view's filter and search, not a list of ids).
 */
export function SelectAllBanner({ pageCount, total, selection, allMatching, onSelectAll, onClear }: Props) {
  const scope = scopeText({ kind: 'all', selection, count: total });
  return (
    <Group
      justify="center"
      gap="xs"
      py={8}
      px="md"
      data-testid="select-all-banner"
      style={{
        background: 'var(--mantine-color-brand-0)',
        borderBottom: '1px solid var(--mantine-color-brand-2)',
      }}
    >
      {allMatching ? (
        <>
          <Text size="sm">
            All <b>{contactsWord(total)}</b> {scope} {total === 1 ? 'is' : 'are'} selected.
          </Text>
          <Button size="compact-sm" variant="subtle" onClick={onClear}>
            Clear selection
          </Button>
        </>
      ) : (
        <>
          <Text size="sm">
            All {contactsWord(pageCount)} on this page {pageCount === 1 ? 'is' : 'are'} selected.
          </Text>
          <Button size="compact-sm" variant="subtle" onClick={onSelectAll} data-testid="select-all-matching">
            Select all {contactsWord(total)}
            {scope === 'you can see' ? '' : ` ${scope}`}
          </Button>
        </>
      )}
    </Group>
  );
}
