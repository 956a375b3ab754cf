/**
 * Adapters and transports whose words never carry the channel's secrets: every failure reason, thrown
 * error and test-connection detail is redacted with the channel's credentials, the secrets inside its
 * configured URLs and the patterns of lib/redact, before dispatch stores it on the invitation, the job
 * system keeps it, a log line repeats it or "Test connection" shows it.
 */
import { redactError, redactSecrets, secretsOfUrl } from '../lib/redact.js';
import type { ChannelAdapter, ChannelContext, ChatTransport, SendResult, TestResult } from './types.js';

function secretsOf(ctx: ChannelContext): string[] {
  const credentials = Object.values(ctx.credentials).filter((v): v is string => typeof v === 'string');
  const config = ctx.channel.config as Record<string, unknown>;
  const urls = ['callbackUrl', 'baseUrl', 'apiBaseUrl'].flatMap((k) => secretsOfUrl(typeof config[k] === 'string' ? config[k] : null));
  const fromSmtp = credentials.flatMap((c) => secretsOfUrl(c));
  return [...credentials, ...urls, ...fromSmtp, ...(typeof config.verifyToken === 'string' ? [config.verifyToken] : [])];
}

async function redacting<T extends SendResult | TestResult>(ctx: ChannelContext, run: () => Promise<T>): Promise<T> {
  const secrets = secretsOf(ctx);
  let result: T;
  try {
    result = await run();
  } catch (err) {
    throw redactError(err, secrets);
  }
  if ('detail' in result) return { ...result, detail: redactSecrets(result.detail, secrets) };
  if (!result.ok) return { ...result, reason: redactSecrets(result.reason, secrets) };
  return result;
}

export function redactingAdapter(adapter: ChannelAdapter): ChannelAdapter {
  return {
    send: (survey, ctx) => redacting(ctx, () => adapter.send(survey, ctx)),
    test: (ctx) => redacting(ctx, () => adapter.test(ctx)),
  };
}

export function redactingTransport(transport: ChatTransport): ChatTransport {
  return {
    addressOf: (survey) => transport.addressOf(survey),
    sendMessage: (ctx, to, message, survey) => redacting(ctx, () => transport.sendMessage(ctx, to, message, survey)),
    test: (ctx) => redacting(ctx, () => transport.test(ctx)),
  };
}
