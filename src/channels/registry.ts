/** Every channel type's adapter; chat types also expose their transport for replies. */
import type { ChannelType } from '../store/types.js';
import { chatAdapter } from './chat.js';
import { chatwootTransport } from './chatwoot/transport.js';
import { emailAdapter } from './email/adapter.js';
import { telegramTransport } from './telegram/transport.js';
import type { ChannelAdapter, ChatTransport } from './types.js';
import { webAdapter } from './web/adapter.js';
import { whatsappTransport } from './whatsapp/transport.js';

export const CHAT_TRANSPORTS: Partial<Record<ChannelType, ChatTransport>> = {
  whatsapp: whatsappTransport,
  telegram: telegramTransport,
  chatwoot: chatwootTransport,
};

export const ADAPTERS: Record<ChannelType, ChannelAdapter> = {
  web: webAdapter,
  email: emailAdapter,
  whatsapp: chatAdapter(whatsappTransport),
  telegram: chatAdapter(telegramTransport),
  chatwoot: chatAdapter(chatwootTransport),
};
