import { Text } from '@mantine/core';

/** The word before a row: "Where" for the first, then the group's "and" / "or". */
export function Connector({ index, combinator }: { index: number; combinator: 'and' | 'or' }) {
  return (
    <Text size="sm" c="dimmed" w={56} ta="right" mt={7} style={{ flexShrink: 0 }} aria-hidden>
      {index === 0 ? 'Where' : combinator}
    </Text>
  );
}
