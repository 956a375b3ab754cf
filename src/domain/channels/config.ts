/**
 * Per-type channel configuration (what may be shown) and credentials (write-only: stored encrypted,
 * only masked hints are ever returned). Each type names the fields it needs; a field of another type is
 * an error, so a typo or a wrong type is caught at once.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { ErrorDetail } from '../errors.js';
import type { Language } from '../settings/schema.js';

export const CHANNEL_TYPES = ['whatsapp', 'telegram', 'email', 'web', 'chatwoot', 'widget', 'link'] as const;
export type ChannelKind = (typeof CHANNEL_TYPES)[number];
/** Where a survey came from; widget and link surveys come from channels of those types. */
export const SURVEY_SOURCES = ['conversation', 'widget', 'link', 'broadcast'] as const;

/** widget: when the widget shows itself on a page (all must hold); see docs/widget.md. */
export const WidgetRules = Type.Object(
  {
    urlPatterns: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 50, description: 'Page paths or URLs where it may show; * matches anything (e.g. "/checkout/*"). Empty or absent: every page.' })),
    delaySeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600, description: 'Seconds on the page before it shows (default 5).' })),
    scrollPercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'How far down the page the visitor must scroll first (default 0).' })),
    exitIntent: Type.Optional(Type.Boolean({ description: 'Show when the pointer leaves the page towards the browser bar instead of after the delay (default false).' })),
    samplePercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'Share of eligible visits that see it (default 100).' })),
    recontactDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650, description: 'Days before a visitor who answered or closed it sees it again (default 90).' })),
  },
  { additionalProperties: false, title: 'WidgetRules' },
);
export type WidgetRules = Static<typeof WidgetRules>;

/** The widget rules with their defaults filled in. */
export function widgetRules(r: WidgetRules | undefined): Required<WidgetRules> {
  return { urlPatterns: r?.urlPatterns ?? [], delaySeconds: r?.delaySeconds ?? 5, scrollPercent: r?.scrollPercent ?? 0, exitIntent: r?.exitIntent ?? false, samplePercent: r?.samplePercent ?? 100, recontactDays: r?.recontactDays ?? 90 };
}

const Url = (description: string) => Type.Optional(Type.String({ maxLength: 2000, description }));

export const ChannelConfig = Type.Object(
  {
    callbackUrl: Url('web: where nilai POSTs each survey invitation.'),
    from: Type.Optional(Type.String({ maxLength: 300, description: 'email: the sender, e.g. "Toko Nusantara <cs@example.com>".' })),
    phoneNumberId: Type.Optional(Type.String({ maxLength: 40, description: 'whatsapp: the phone number id from the WhatsApp Manager (not the phone number).' })),
    templateName: Type.Optional(Type.String({ maxLength: 512, description: 'whatsapp: an approved message template sent when the last customer message is older than 24 hours; its body has one parameter, the survey link.' })),
    templateLanguage: Type.Optional(Type.String({ maxLength: 15, description: 'whatsapp: the template language code, e.g. id or en_US (default: the survey language).' })),
    verifyToken: Type.Optional(Type.String({ maxLength: 200, description: 'whatsapp: the verify token to enter in the Meta app webhook settings (generated when not given).' })),
    baseUrl: Url('chatwoot: the Chatwoot installation, e.g. https://app.chatwoot.com.'),
    accountId: Type.Optional(Type.Integer({ minimum: 1, description: 'chatwoot: the account id (the number in the Chatwoot URL after /accounts/).' })),
    apiBaseUrl: Url('whatsapp / telegram: the provider API base (default https://graph.facebook.com/v21.0 and https://api.telegram.org); change it only for a proxy or a test server.'),
    allowedOrigins: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 50, description: 'widget: the sites (origins such as https://shop.example.com) allowed to show the widget and send its answers.' })),
    rules: Type.Optional(WidgetRules),
  },
  { additionalProperties: false },
);
export type ChannelConfig = Static<typeof ChannelConfig>;

const Secret = (description: string) => Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description }));

export const ChannelCredentials = Type.Object(
  {
    smtpUrl: Secret('email: smtp(s)://user:password@host:port.'),
    accessToken: Secret('whatsapp: a permanent (system user) access token with whatsapp_business_messaging.'),
    appSecret: Secret('whatsapp: the Meta app secret, to check X-Hub-Signature-256 on webhooks.'),
    botToken: Secret('telegram: the bot token from @BotFather.'),
    webhookSecret: Secret('telegram: the secret_token checked on each update (generated when not given); chatwoot: the webhook secret shown by Chatwoot.'),
    apiToken: Secret('chatwoot: an agent or bot access token (Profile settings → Access token).'),
  },
  { additionalProperties: false },
);
export type ChannelCredentials = Static<typeof ChannelCredentials>;
type CredentialField = keyof ChannelCredentials;
type ConfigField = keyof ChannelConfig;

/** Stored credentials also hold the secrets nilai generates (the web channel's signing secret). */
export type StoredCredentials = ChannelCredentials & { signingSecret?: string };


interface TypeRules {
  config: { required: ConfigField[]; optional: ConfigField[] };
  credentials: { required: CredentialField[]; optional: CredentialField[] };
}

export const CHANNEL_RULES: Record<ChannelKind, TypeRules> = {
  web: { config: { required: ['callbackUrl'], optional: [] }, credentials: { required: [], optional: [] } },
  email: { config: { required: ['from'], optional: [] }, credentials: { required: ['smtpUrl'], optional: [] } },
  whatsapp: {
    config: { required: ['phoneNumberId'], optional: ['templateName', 'templateLanguage', 'verifyToken', 'apiBaseUrl'] },
    credentials: { required: ['accessToken', 'appSecret'], optional: [] },
  },
  telegram: { config: { required: [], optional: ['apiBaseUrl'] }, credentials: { required: ['botToken'], optional: ['webhookSecret'] } },
  // The webhook secret exists only once the webhook is added in Chatwoot, which needs the channel's URL
  // first: until it is set, Chatwoot's webhooks are refused (401).
  chatwoot: { config: { required: ['baseUrl', 'accountId'], optional: [] }, credentials: { required: ['apiToken'], optional: ['webhookSecret'] } },
  // The widget's identity secret is generated (like the web channel's signing secret), never given.
  widget: { config: { required: ['allowedOrigins'], optional: ['rules'] }, credentials: { required: [], optional: [] } },
  link: { config: { required: [], optional: [] }, credentials: { required: [], optional: [] } },
};

type Field = ConfigField | CredentialField;

/** The words of the channel rules in each language (Accept-Language picks one). */
const WORDS: Record<Language, {
  needs: Partial<Record<Field, string>>;
  needsPrefix: (type: ChannelKind) => string;
  noSuchField: (type: ChannelKind, key: string) => string;
  formats: Partial<Record<Field, string>>;
  /** Format messages that hold for one channel type only. */
  typeFormats: Partial<Record<ChannelKind, Partial<Record<Field, string>>>>;
}> = {
  en: {
    needs: {
      callbackUrl: 'the callback URL that receives survey invitations',
      from: 'the sender address surveys come from',
      phoneNumberId: 'the phone number id from the WhatsApp Manager',
      baseUrl: 'the Chatwoot address, e.g. https://app.chatwoot.com',
      accountId: 'the Chatwoot account id',
      smtpUrl: 'the SMTP server, e.g. smtps://user:password@smtp.example.com:465',
      accessToken: 'a WhatsApp Cloud API access token',
      appSecret: 'the Meta app secret',
      botToken: 'the bot token from @BotFather',
      apiToken: 'a Chatwoot access token',
      webhookSecret: 'the webhook secret',
      allowedOrigins: 'the sites allowed to show it (allowedOrigins), e.g. ["https://shop.example.com"]',
    },
    needsPrefix: (type) => `A ${type} channel needs`,
    noSuchField: (type, key) => `A ${type} channel has no ${key}.`,
    formats: {
      callbackUrl: 'Must be an http or https URL.',
      baseUrl: 'Must be an http or https URL.',
      apiBaseUrl: 'Must be an http or https URL.',
      from: 'Must be an address such as cs@example.com or "Support <cs@example.com>".',
      phoneNumberId: 'Must be the numeric phone number id (not the phone number with + or spaces).',
      smtpUrl: 'Must start with smtp:// or smtps://.',
      botToken: 'Must look like 123456789:AA… as given by @BotFather.',
    },
    typeFormats: {
      telegram: { webhookSecret: 'Telegram accepts 1–256 characters, only A–Z, a–z, 0–9, _ and - (leave it out to have one generated).' },
    },
  },
  id: {
    needs: {
      callbackUrl: 'URL callback yang menerima undangan survei',
      from: 'alamat pengirim survei',
      phoneNumberId: 'phone number ID dari WhatsApp Manager',
      baseUrl: 'alamat Chatwoot, mis. https://app.chatwoot.com',
      accountId: 'ID akun Chatwoot',
      smtpUrl: 'server SMTP, mis. smtps://user:password@smtp.example.com:465',
      accessToken: 'access token WhatsApp Cloud API',
      appSecret: 'app secret Meta',
      botToken: 'token bot dari @BotFather',
      apiToken: 'token akses Chatwoot',
      webhookSecret: 'rahasia webhook',
      allowedOrigins: 'situs yang boleh menampilkannya (allowedOrigins), mis. ["https://shop.example.com"]',
    },
    needsPrefix: (type) => `Channel ${type} memerlukan`,
    noSuchField: (type, key) => `Channel ${type} tidak memiliki ${key}.`,
    formats: {
      callbackUrl: 'Harus URL http atau https.',
      baseUrl: 'Harus URL http atau https.',
      apiBaseUrl: 'Harus URL http atau https.',
      from: 'Harus alamat seperti cs@example.com atau "Support <cs@example.com>".',
      phoneNumberId: 'Harus phone number ID berupa angka (bukan nomor telepon dengan + atau spasi).',
      smtpUrl: 'Harus diawali smtp:// atau smtps://.',
      botToken: 'Harus seperti 123456789:AA… sesuai yang diberikan @BotFather.',
    },
    typeFormats: {
      telegram: { webhookSecret: 'Telegram hanya menerima 1–256 karakter A–Z, a–z, 0–9, _ dan - (kosongkan agar dibuatkan otomatis).' },
    },
  },
};

const SENDER = /^(?:[^<>]*<)?[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+>?$/;
const FORMATS: Partial<Record<Field, (v: string) => boolean>> = {
  callbackUrl: isHttpUrl,
  baseUrl: isHttpUrl,
  apiBaseUrl: isHttpUrl,
  from: (v) => SENDER.test(v.trim()),
  phoneNumberId: (v) => /^\d{5,30}$/.test(v),
  smtpUrl: (v) => /^smtps?:\/\/[^/\s]+/.test(v),
  botToken: (v) => /^\d+:[A-Za-z0-9_-]{20,}$/.test(v),
};
/** Formats one channel type imposes on a field other types share (Chatwoot's webhook secret is whatever Chatwoot shows). */
const TYPE_FORMATS: Partial<Record<ChannelKind, Partial<Record<Field, (v: string) => boolean>>>> = {
  // setWebhook's secret_token: "1-256 characters. Only characters A-Z, a-z, 0-9, _ and - are allowed."
  telegram: { webhookSecret: (v) => /^[A-Za-z0-9_-]{1,256}$/.test(v) },
};

function check<T extends object>(
  type: ChannelKind,
  prefix: 'config' | 'credentials',
  value: T | undefined,
  rules: { required: (keyof T)[]; optional: (keyof T)[] },
  requireAll: boolean,
  language: Language,
): ErrorDetail[] {
  const w = WORDS[language];
  const issues: ErrorDetail[] = [];
  const v = (value ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (![...rules.required, ...rules.optional].includes(key as keyof T)) issues.push({ path: `${prefix}.${key}`, message: w.noSuchField(type, key) });
  }
  for (const key of rules.required as string[]) {
    if (requireAll && (v[key] === undefined || v[key] === '')) issues.push({ path: `${prefix}.${key}`, message: `${w.needsPrefix(type)} ${w.needs[key as Field] ?? key}.` });
  }
  for (const [key, raw] of Object.entries(v)) {
    const own = TYPE_FORMATS[type]?.[key as Field];
    const valid = own ?? FORMATS[key as Field];
    if (valid && typeof raw === 'string' && !valid(raw)) issues.push({ path: `${prefix}.${key}`, message: (own ? w.typeFormats[type]?.[key as Field] : w.formats[key as Field])! });
  }
  return issues;
}

/** Problems with a channel's configuration; a change (`requireAll` false) may leave required fields out. */
export function validateChannelConfig(type: ChannelKind, config: ChannelConfig | undefined, requireAll = true, language: Language = 'en'): ErrorDetail[] {
  const issues = check(type, 'config', config, CHANNEL_RULES[type].config, requireAll, language);
  if (type === 'widget' && config?.allowedOrigins) {
    const originMessage = language === 'id' ? 'Harus origin seperti https://shop.example.com (tanpa path).' : 'Must be an origin such as https://shop.example.com (no path).';
    config.allowedOrigins.forEach((o, i) => {
      if (normalOrigin(o) !== o.replace(/\/$/, '')) issues.push({ path: `config.allowedOrigins.${i}`, message: originMessage });
    });
  }
  return issues;
}

/** `scheme://host[:port]` of an http(s) URL given as an origin, or null. */
export function normalOrigin(s: string): string | null {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') ? u.origin : null;
  } catch {
    return null;
  }
}

/** Problems with a channel's credentials; `required` when creating (a change may send only some). */
export function validateChannelCredentials(type: ChannelKind, c: ChannelCredentials | undefined, required: boolean, language: Language = 'en'): ErrorDetail[] {
  return check(type, 'credentials', c, CHANNEL_RULES[type].credentials, required, language);
}

/** A secret as shown: •••• plus its last 4 characters when it is long enough to hide. */
export const maskSecret = (value: string): string => (value.length >= 16 ? `••••${value.slice(-4)}` : '••••');

/** Credentials as shown: which are set, each masked. */
export function maskCredentials(c: StoredCredentials): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(c)) {
    if (key === 'signingSecret' || typeof value !== 'string') continue;
    out[key] = maskSecret(value);
  }
  return out;
}

export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
