/** Schemas shared by routes. */
import { Type, type TSchema } from '@sinclair/typebox';
import { literals } from '../domain/settings/schema.js';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'See the error codes in the README.' }),
      message: Type.String(),
      details: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
    }),
  },
  { title: 'Error' },
);

/** Error responses every authenticated route can give. */
export const errors = (...statuses: number[]) =>
  Object.fromEntries([401, 403, ...statuses].map((s) => [s, ErrorResponse])) as Record<number, typeof ErrorResponse>;

export const IdParams = Type.Object({ id: Type.String({ description: 'Resource id (uuid).' }) });

export const Role = literals(['admin', 'supervisor', 'agent'] as const);
export const Timestamp = Type.String({ format: 'date-time' });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const NoContent = Type.Null({ description: 'No content' });
