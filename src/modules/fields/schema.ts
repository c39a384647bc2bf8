import { z } from 'zod';
import { FIELD_TYPES } from './field-types.js';

export { FIELD_TYPES };
export const MAX_FIELDS_PER_WORKSPACE = 500;

const Options = z
  .array(
    z.string().trim().min(1, 'Options cannot be empty').max(200, 'Options must be at most 200 characters'),
  )
  .max(500, 'At most 500 options')
  .refine((a) => new Set(a).size === a.length, 'Options must be unique');

export const FieldDefinition = z.object({
  id: z.string(),
  key: z.string(),
  label: z.string(),
  type: z.enum(FIELD_TYPES),
  options: z.array(z.string()),
  required: z.boolean(),
  createdAt: z.string(),
});
export type FieldDefinition = z.infer<typeof FieldDefinition>;

export const FieldCreate = z
  .object({
    key: z
      .string()
      .regex(
        /^[a-z][a-z0-9_]{0,62}$/,
        'Key must start with a letter and use only a-z, 0-9 and _ (at most 63 characters)',
      ),
    label: z.string().trim().min(1, 'Label is required').max(100, 'Label must be at most 100 characters'),
    type: z.enum(FIELD_TYPES),
    options: Options.default([]),
    required: z.boolean().default(false),
  })
  .strict()
  .superRefine((f, ctx) => {
    const needsOptions = f.type === 'select' || f.type === 'multiselect';
    if (needsOptions && f.options.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `A ${f.type} field needs at least one option`,
      });
    if (!needsOptions && f.options.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `Only select and multiselect fields take options`,
      });
  });
export type FieldCreate = z.infer<typeof FieldCreate>;

export const FieldPatch = z
  .object({
    label: z.string().trim().min(1, 'Label is required').max(100, 'Label must be at most 100 characters'),
    options: Options,
    required: z.boolean(),
  })
  .partial()
  .strict();
export type FieldPatch = z.infer<typeof FieldPatch>;
