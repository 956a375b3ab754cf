/**
 * The email channel: the survey through the channel's own SMTP server (nodemailer), with
 * List-Unsubscribe (one-click, RFC 8058) so mail clients offer "unsubscribe" and it opts the contact out.
 * A stable Message-ID per invitation lets a retried send be recognised as the same message.
 */
import nodemailer from 'nodemailer';
import { renderSurveyEmail, unsubscribeUrl } from '../../domain/render/survey-email.js';
import type { ChannelAdapter } from '../types.js';

/** SMTP reply codes 4xx are temporary (retry), 5xx permanent. */
const isPermanent = (err: unknown) => {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500;
};

export const emailAdapter: ChannelAdapter = {
  async send(survey, { channel, credentials }) {
    const secret = credentials.smtpUrl;
    if (!survey.contact.email) return { ok: false, permanent: true, reason: 'The contact has no email address.' };
    if (!secret || !channel.config.from) return { ok: false, permanent: true, reason: 'The email channel has no SMTP server or sender.' };
    const unsubscribe = unsubscribeUrl(survey.url);
    const mail = renderSurveyEmail(survey.survey, survey.url, unsubscribe, { reminder: survey.reminder });
    const transport = nodemailer.createTransport(secret, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
    try {
      const info = await transport.sendMail({
        from: channel.config.from,
        to: survey.contact.name ? { name: survey.contact.name, address: survey.contact.email } : survey.contact.email,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${survey.reminder ? 'reminder' : 'invitation'}-${survey.invitationId}@nilai>`,
        headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
      // The SMTP server took the message: as close to "delivered" as email gets.
      return { ok: true, delivered: true, providerMessageId: info.messageId };
    } catch (err) {
      if (isPermanent(err)) return { ok: false, permanent: true, reason: `The SMTP server refused the message: ${(err as Error).message}` };
      throw new Error(`SMTP send failed: ${(err as Error).message}`);
    } finally {
      transport.close();
    }
  },

  /** Connects and authenticates to the SMTP server without sending anything. */
  async test({ channel, credentials }) {
    if (!credentials.smtpUrl) return { ok: false, detail: 'The email channel has no SMTP server.' };
    const transport = nodemailer.createTransport(credentials.smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 10_000 });
    try {
      await transport.verify();
      return { ok: true, detail: `The SMTP server accepted the connection and login; surveys will come from ${channel.config.from}.` };
    } catch (err) {
      return { ok: false, detail: `The SMTP server could not be used: ${(err as Error).message}` };
    } finally {
      transport.close();
    }
  },
};
