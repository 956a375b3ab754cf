/** Response schemas of quality reviews, shared by the reviews routes and the conversation page. */
import { Type } from '@sinclair/typebox';
import { Nullable, Timestamp } from './schemas.js';

export const Criterion = Type.Object({
  id: Type.String({ pattern: '^[a-z0-9_-]{1,40}$' }),
  name: Type.String({ maxLength: 100 }),
  description: Type.Optional(Type.String({ maxLength: 500 })),
  weight: Type.Integer(),
}, { additionalProperties: false });
export const Review = Type.Object({
  id: Type.String(), conversationId: Type.String(), agentId: Nullable(Type.String()), reviewerId: Nullable(Type.String()),
  criteria: Type.Array(Criterion), scores: Type.Record(Type.String(), Type.Integer()), score: Type.Number({ description: 'Weighted, 0–100.' }),
  comment: Nullable(Type.String()), createdAt: Timestamp,
}, { title: 'QualityReview' });
