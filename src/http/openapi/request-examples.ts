/**
 * Request bodies for /openapi.json, written as a team would send them (`METHOD /path` as in the
 * document). Operations not listed get an example built from their schema (example-value.ts); the
 * OpenAPI test checks every example here against its operation's schema, so a schema change that
 * breaks one fails the suite.
 */
import { defaultSurveySettings } from '../../domain/settings/defaults.js';

const AGENT = '6f1c9d2e-8b3a-4f5d-a1e2-7c9b0d3e4f51';
const CHANNEL = '0b7e5f0c-5d2a-4c1e-9a57-2f1f0d6a9c41';
const DIVISION = 'a3d47e10-2c6b-4e8f-9d1a-5b7c3e9f0a62';
const week = (open: { start: string; end: string }[]) =>
  ({ mon: open, tue: open, wed: open, thu: open, fri: open, sat: [], sun: [] });

export const REQUEST_EXAMPLES: Record<string, unknown> = {
  'POST /api/v1/auth/login': { email: 'admin@example.com', password: 'correct horse battery staple' },
  'POST /api/v1/auth/password': { currentPassword: 'correct horse battery staple', newPassword: 'a longer passphrase of my own' },
  'PUT /api/v1/settings/survey': defaultSurveySettings(),
  'PATCH /api/v1/settings/survey': { csat: { question: { id: 'Seberapa puas Kakak dengan bantuan kami hari ini?' } }, sending: { expiryHours: 48 } },
  'POST /api/v1/settings/survey/preview': { channelId: CHANNEL, language: 'id' },
  'POST /api/v1/channels': {
    name: 'WhatsApp support', type: 'whatsapp',
    config: { phoneNumberId: '106540352242922', templateName: 'csat_survey', templateLanguage: 'id', verifyToken: 'nilai-verify-7f3a' },
    credentials: { accessToken: 'EAAG…system-user-token', appSecret: '0f1e2d3c4b5a69788796a5b4c3d2e1f0' },
  },
  'PATCH /api/v1/channels/{id}': { name: 'WhatsApp support (Jakarta)', config: { templateName: 'csat_survey_v2' } },
  'PUT /api/v1/channels/{id}/chatwoot-agents/{agentId}': { userId: AGENT },
  'POST /api/v1/divisions': { name: 'Billing', supervisorId: AGENT, agentIds: [AGENT], channelIds: [CHANNEL] },
  'PATCH /api/v1/divisions/{id}': { name: 'Billing & payments' },
  'POST /api/v1/users': { name: 'Rina Wulandari', email: 'rina@example.com', phone: '+6281234567890', organization: 'PT Contoh', address: 'Jl. Sudirman 1, Jakarta', role: 'agent' },
  'PATCH /api/v1/users/{id}': { role: 'supervisor' },
  'POST /api/v1/tokens': { name: 'Chatwoot bridge', role: 'admin' },
  'POST /api/v1/events': [
    {
      id: 'evt-20261130-0001', type: 'message.created', occurredAt: '2026-11-30T09:00:00.000Z',
      conversation: { id: 'conv-8812', channelId: CHANNEL, contact: { id: 'cust-311', name: 'Budi Santoso', phone: '+6281298765432', locale: 'id', attributes: { tier: 'gold' } }, tags: ['billing'] },
      message: { sender: 'customer' },
    },
    {
      id: 'evt-20261130-0002', type: 'message.created', occurredAt: '2026-11-30T09:04:00.000Z',
      conversation: { id: 'conv-8812', channelId: CHANNEL, contact: { id: 'cust-311' }, agentId: AGENT, divisionId: DIVISION },
      message: { sender: 'agent' },
    },
    {
      id: 'evt-20261130-0003', type: 'conversation.resolved', occurredAt: '2026-11-30T09:20:00.000Z',
      conversation: { id: 'conv-8812', channelId: CHANNEL, contact: { id: 'cust-311' }, agentId: AGENT, divisionId: DIVISION },
    },
  ],
  'PATCH /api/v1/workspace': { name: 'PT Contoh Support', timeZone: 'Asia/Jakarta' },
  'POST /api/v1/office-hours': { divisionId: DIVISION, timeZone: 'Asia/Jakarta', weekly: week([{ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:00' }]), holidays: ['2026-12-25'] },
  'PUT /api/v1/office-hours/{id}': { timeZone: 'Asia/Jakarta', weekly: week([{ start: '08:00', end: '17:00' }]), holidays: ['2026-12-25', '2027-01-01'] },
  'POST /api/v1/sla-policies': { divisionId: DIVISION, name: 'Billing SLA', firstResponseMinutes: 15, resolutionMinutes: 240, businessHours: true },
  'PUT /api/v1/sla-policies/{id}': { name: 'Billing SLA', firstResponseMinutes: 10, resolutionMinutes: 180, businessHours: true },
  'PUT /api/v1/review-rubric': { criteria: [{ id: 'empathy', name: 'Empathy', weight: 2 }, { id: 'accuracy', name: 'Accuracy', description: 'The answer was correct and complete.', weight: 3 }] },
  'POST /api/v1/conversations/{id}/reviews': { scores: { empathy: 4, accuracy: 5 }, comment: 'Clear answer; could have offered the refund sooner.' },
  'POST /api/v1/alert-rules': { name: 'Unhappy customer', surveyType: 'csat', maxScore: 2, notifySupervisor: true, createTicket: true },
  'PATCH /api/v1/alert-rules/{id}': { enabled: false },
  'POST /api/v1/webhooks': { url: 'https://crm.example.com/hooks/nilai', events: ['response.created', 'response.follow_up'] },
  'PATCH /api/v1/webhooks/{id}': { enabled: false },
  'PUT /api/v1/settings/rewrite-endpoint': { baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1:8b' },
  'POST /api/v1/settings/rewrite': { text: 'Mohon berikan penilaian Anda atas layanan kami.', tone: 'friendly', language: 'id' },
  'PUT /api/v1/automation/auto-responder': {
    enabled: true, periodMinutes: 720,
    insideHours: { id: 'Halo {{contact.name}}, pesan Anda sudah kami terima. Agen kami akan membalas dalam {{sla.firstResponse}}.', en: 'Hi {{contact.name}}, we got your message. An agent will reply within {{sla.firstResponse}}.' },
    outsideHours: { id: 'Halo {{contact.name}}, kami sedang di luar jam kerja. Kami akan membalas mulai {{office.nextOpen}}.', en: 'Hi {{contact.name}}, we are outside office hours. We will reply from {{office.nextOpen}}.' },
    divisions: [],
  },
  'PUT /api/v1/automation/auto-resolve': { enabled: true, afterMinutes: 60, clock: 'business', closingMessage: { id: 'Percakapan kami tutup karena tidak ada balasan. Silakan chat lagi kapan saja.', en: 'We closed this chat as we did not hear back. Write again any time.' }, survey: false },
  'POST /api/v1/contact-fields': { key: 'tier', type: 'choice', label: { id: 'Tingkat pelanggan', en: 'Customer tier' }, options: [{ value: 'gold', label: { id: 'Emas', en: 'Gold' } }, { value: 'silver', label: { id: 'Perak', en: 'Silver' } }] },
  'PATCH /api/v1/contact-fields/{id}': { hidden: true },
  'PUT /api/v1/settings/contact-masking': { mode: 'agents' },
  'PUT /api/v1/settings/ticket': { enabled: true, titleTemplate: 'CSAT {{score}} – {{contact.name}}', buttonLabel: { id: 'Buat tiket', en: 'Create ticket' }, webhookUrl: 'https://helpdesk.example.com/hooks/nilai-tickets' },
  'POST /api/v1/conversations/{id}/tickets': {},
  'POST /widget/api/v1/{key}/open': { pageUrl: 'https://shop.example.com/checkout/done', lang: 'id' },
  'POST /widget/api/v1/{key}/answer': { ticket: 'wt_eyJ2IjoxfQ.8c1f', pageUrl: 'https://shop.example.com/checkout/done', answers: [{ surveyType: 'csat', score: 5, followUp: 'Checkout cepat sekali.' }] },
  'POST /api/v1/channels/{id}/links': { contact: { id: 'cust-311', name: 'Budi Santoso', email: 'budi@example.com', locale: 'id' }, expiresInHours: 72 },
  'PATCH /api/v1/badge': { enabled: true, days: 30, survey: 'csat' },
  'POST /api/v1/report-schedules': { name: 'Billing weekly', kind: 'email', frequency: 'weekly', divisionId: DIVISION, recipients: ['lead@example.com'] },
  'PATCH /api/v1/report-schedules/{id}': { frequency: 'daily' },
  'POST /api/v1/report-schedules/preview': { name: 'Billing weekly', kind: 'email', frequency: 'weekly', divisionId: DIVISION },
  'PUT /api/v1/automation/allocation': {
    divisions: [{ divisionId: DIVISION, enabled: true, method: 'least_open', workloadLimit: 5, workloadScope: 'all_channels', takeoverAllowed: true, reassignAllowed: false, idleMinutes: 10, chatwootTeamId: 3 }],
  },
  'POST /api/v1/automation/allocation/conversations/{id}/assign': { userId: AGENT },
  'POST /api/v1/broadcasts': {
    name: 'NPS Q4 gold customers', channelId: CHANNEL, surveyType: 'nps',
    audience: { kind: 'filter', filter: { rules: [{ field: 'tier', values: ['gold'] }] } }, startAt: '2026-12-03T02:00:00.000Z', perMinute: 300,
  },
  'POST /api/v1/broadcasts/preview': { name: 'NPS from a list', channelId: CHANNEL, surveyType: 'nps', audience: { kind: 'csv', csv: 'name,phone,language,tier\nBudi Santoso,+6281298765432,id,gold\n' } },
  'PUT /api/v1/broadcasts/permission': { roles: ['admin', 'supervisor'] },
};
