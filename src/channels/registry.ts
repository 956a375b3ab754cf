/**
 * Every channel type's adapter; chat types also expose their transport for replies. Both are wrapped
 * so that no reason, error or test detail repeats a channel secret (redacting.ts).
 */
import type { ChannelType } from '../store/types.js';
import { chatAdapter } from './chat.js';
import { chatwootTransport } from './chatwoot/transport.js';
import { emailAdapter } from './email/adapter.js';
import { telegramTransport } from './telegram/transport.js';
import { redactingAdapter, redactingTransport } from './redacting.js';
import type { ChannelAdapter, ChatTransport } from './types.js';
import { webAdapter } from './web/adapter.js';
import { whatsappTransport } from './whatsapp/transport.js';

export const CHAT_TRANSPORTS: Partial<Record<ChannelType, ChatTransport>> = {
  whatsapp: redactingTransport(whatsappTransport),
  telegram: redactingTransport(telegramTransport),
  chatwoot: redactingTransport(chatwootTransport),
};

/** Widget and link channels send nothing: their surveys are answered where the visitor is. */
export const ADAPTERS: Record<Exclude<ChannelType, 'widget' | 'link'>, ChannelAdapter> = {
  web: redactingAdapter(webAdapter),
  email: redactingAdapter(emailAdapter),
  whatsapp: redactingAdapter(chatAdapter(whatsappTransport)),
  telegram: redactingAdapter(chatAdapter(telegramTransport)),
  chatwoot: redactingAdapter(chatAdapter(chatwootTransport)),
};
