/** A chat channel as a survey adapter: the survey's first message goes to the contact's chat address. */
import type { ChannelAdapter, ChatTransport } from './types.js';

export function chatAdapter(transport: ChatTransport): ChannelAdapter {
  return {
    async send(survey, ctx) {
      const address = transport.addressOf(survey);
      if (typeof address !== 'string') return { ok: false, permanent: true, reason: address.problem };
      const result = await transport.sendMessage(ctx, address, survey.chat, survey);
      // The provider may name the chat differently from the address sent to (WhatsApp's wa_id).
      return result.ok ? { ...result, address: result.address ?? address } : result;
    },
    test: (ctx) => transport.test(ctx),
  };
}

/**
 * The reference of an invitation's first message where a provider carries one back in its reports
 * (WhatsApp's biz_opaque_callback_data), and the invitation a reference names.
 */
export const surveyRef = (invitationId: string) => `inv_${invitationId}`;
export const invitationOfRef = (ref: string | undefined) => /^inv_([0-9a-f-]{36})$/.exec(ref ?? '')?.[1] ?? null;
