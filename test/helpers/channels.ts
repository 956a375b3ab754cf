/** Channel bodies with valid-looking credentials, for tests that only need a channel of a type. */
export const WHATSAPP = { type: 'whatsapp', config: { phoneNumberId: '106540352242922' }, credentials: { accessToken: 'EAAG-test-access-token-0123456789', appSecret: 'test-app-secret-0123456789' } } as const;
export const TELEGRAM = { type: 'telegram', credentials: { botToken: '123456789:AAtest-bot-token-0123456789abcdef' } } as const;
