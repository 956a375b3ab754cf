import { Type } from '@sinclair/typebox';
import { Nullable, Timestamp } from '../schemas.js';

/** One inbox action as the conversation page lists it. */
export const InboxAction = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('message'), Type.Literal('resolve'), Type.Literal('assign')]),
  source: Type.String({ description: 'What decided it: auto_responder, auto_resolve, allocation, …' }),
  reason: Type.String({ description: 'Why, in words.' }),
  payload: Type.Unknown({ description: 'message: {text}; resolve: {closingMessage?}; assign: {assigneeUserId?, chatwootAgentId?, chatwootTeamId?}' }),
  status: Type.Union([Type.Literal('queued'), Type.Literal('done'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  error: Nullable(Type.String()),
  createdAt: Timestamp,
  doneAt: Nullable(Timestamp),
}, { title: 'InboxAction' });
