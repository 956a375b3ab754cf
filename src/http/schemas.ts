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

/**
 * The error responses particular to a route (404 of a lookup, 409, 429, …); the statuses every route
 * of its kind can answer (400, 401, 403, 413, 415, 422) are added by plugins/errors.ts.
 */
export const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, ErrorResponse])) as Record<number, typeof ErrorResponse>;

/** The largest PostgreSQL integer: bounds integer parameters that reach a query. */
export const INT4_MAX = 2_147_483_647;

export const IdParams = Type.Object({ id: Type.String({ description: 'Resource id (uuid).' }) });

export const Role = literals(['admin', 'supervisor', 'agent'] as const);
export const Timestamp = Type.String({ format: 'date-time' });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const NoContent = Type.Null({ description: 'No content' });
