import { Select, type SelectProps } from '@mantine/core';
import { useMeta } from '../api/hooks';
import { dialCodes } from '../lib/phone';

/** Country picker fed by GET /meta (or a local list before sign-in); value is the ISO alpha-2 code. */
export function CountrySelect(props: Omit<SelectProps, 'data'>) {
  const meta = useMeta();
  const data = meta.data
    ? meta.data.countries.map((c) => ({ value: c.code, label: c.name }))
    : dialCodes().map((c) => ({ value: c.value, label: c.name }));
  return (
    <Select
      searchable
      clearable
      nothingFoundMessage="No such country"
      placeholder="Select a country"
      {...props}
      data={data}
    />
  );
}
