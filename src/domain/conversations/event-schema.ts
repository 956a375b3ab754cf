/** The body of `POST /api/v1/events` (DESIGN section 6). */
import { Type, type Static } from '@sinclair/typebox';
import { literals } from '../settings/schema.js';

export const EVENT_TYPES = ['conversation.opened', 'message.created', 'conversation.assigned', 'conversation.resolved', 'conversation.reopened'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const SENDERS = ['customer', 'agent', 'bot'] as const;
export type Sender = (typeof SENDERS)[number];

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const ConversationEvent = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 200, description: 'Unique per event; a replay with the same id changes nothing.' }),
    type: literals(EVENT_TYPES),
    occurredAt: Type.String({ format: 'date-time', description: 'When it happened in the inbox (RFC 3339 with Z or an offset, no leap second; from NILAI_EVENT_MAX_AGE_DAYS ago, default 1,096, to NILAI_EVENT_MAX_AHEAD_MINUTES ahead, default 5); events are applied in this order.' }),
    conversation: Type.Object(
      {
        id: Text(200),
        channelId: Type.String({ format: 'uuid', description: 'A nilai channel id.' }),
        contact: Type.Object(
          {
            id: Text(200),
            name: Type.Optional(Type.String({ maxLength: 200 })),
            phone: Type.Optional(Type.String({ maxLength: 40 })),
            email: Type.Optional(Type.String({ maxLength: 254 })),
            handle: Type.Optional(Type.String({ maxLength: 100, description: 'The contact\'s address in a channel that is neither phone nor email: the Telegram chat id.' })),
            locale: Type.Optional(Type.String({ maxLength: 20, description: 'e.g. id-ID or en; picks the survey language.' })),
            attributes: Type.Optional(Type.Record(
              Type.String({ maxLength: 40 }),
              Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean(), Type.Null()]),
              { maxProperties: 100, description: 'Contact field values by field key (Settings → Contact fields), e.g. {"tier": "gold", "city": "Bandung"}; null clears a value. Unknown keys and values that do not fit the field are refused with the field\'s path.' },
            )),
          },
          { additionalProperties: false },
        ),
        agentId: Type.Optional(Type.Union([Type.String({ format: 'uuid', description: 'A nilai user id.' }), Type.Null()])),
        divisionId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
        tags: Type.Optional(Type.Array(Text(100), { maxItems: 50 })),
      },
      { additionalProperties: false },
    ),
    message: Type.Optional(Type.Object({ sender: literals(SENDERS) }, { additionalProperties: false })),
    survey: Type.Optional(Type.Boolean({ description: 'On a resolve: true asks for a survey (manual method), false suppresses it.' })),
  },
  { additionalProperties: false, title: 'ConversationEvent' },
);
export type ConversationEvent = Static<typeof ConversationEvent>;
