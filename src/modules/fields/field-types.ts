// Free of imports, so the web app can load it at run time.
export const FIELD_TYPES = [
  'text',
  'number',
  'date',
  'datetime',
  'checkbox',
  'select',
  'multiselect',
] as const;
