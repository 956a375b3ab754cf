/**
 * Google Sheets API v4 as a service account: an access token by the JWT bearer grant (google-auth-library's
 * JWT client: an RS256 assertion signed with the key's private key, scope spreadsheets, POSTed to the
 * token endpoint with grant_type urn:ietf:params:oauth:grant-type:jwt-bearer), then plain REST calls:
 *
 * - values.append: POST /v4/spreadsheets/{id}/values/{range}:append?valueInputOption=USER_ENTERED&insertDataOption=INSERT_ROWS
 *   with a ValueRange `{ majorDimension: 'ROWS', values: [[…]] }`; answers AppendValuesResponse, whose
 *   `updates.updatedRange` names the row written.
 * - values.update: PUT /v4/spreadsheets/{id}/values/{range}?valueInputOption=USER_ENTERED, the same body.
 * - spreadsheets.get (the test button, writes nothing): GET /v4/spreadsheets/{id}?fields=… to see the sheet.
 *
 * Base URLs: `NILAI_GOOGLE_SHEETS_URL` (default https://sheets.googleapis.com) and `NILAI_GOOGLE_TOKEN_URL`
 * (default: the key file's token_uri), read at each call, for a proxy or a test server.
 * google-auth-library always POSTs to Google's token URL, so a request interceptor on its transporter
 * sends that POST to the configured one; the assertion's `aud` stays Google's token URL.
 */
import { createHash } from 'node:crypto';
import { JWT } from 'google-auth-library';
import type { ServiceAccountKey } from '../../domain/sheets/service-account.js';
import { tokenFailure, type SheetsFailure } from '../../domain/sheets/errors.js';
import { sendTimeoutMs } from '../http-status.js';

export const SHEETS_API = 'https://sheets.googleapis.com';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const SHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets';

const sheetsBase = () => (process.env.NILAI_GOOGLE_SHEETS_URL?.trim() || SHEETS_API).replace(/\/+$/, '');
const tokenUrlOf = (key: ServiceAccountKey) => process.env.NILAI_GOOGLE_TOKEN_URL?.trim() || key.token_uri;

/** JWT clients by key and token URL: each keeps its access token until it nearly expires (one token an hour, not one per row). */
const clients = new Map<string, JWT>();
const MAX_CLIENTS = 200;

function jwtClient(key: ServiceAccountKey): JWT {
  const tokenUrl = tokenUrlOf(key);
  const id = createHash('sha256').update(`${key.client_email}\n${key.private_key}\n${tokenUrl}`).digest('hex');
  const known = clients.get(id);
  if (known) return known;
  const client = new JWT({ email: key.client_email, key: key.private_key, keyId: key.private_key_id, scopes: [SHEETS_SCOPE] });
  if (tokenUrl !== GOOGLE_TOKEN_URL) {
    client.transporter.interceptors.request.add({
      resolved: async (opts) => {
        if (String(opts.url) === GOOGLE_TOKEN_URL) opts.url = new URL(tokenUrl);
        return opts;
      },
    });
  }
  if (clients.size >= MAX_CLIENTS) clients.delete(clients.keys().next().value!);
  clients.set(id, client);
  return client;
}

export type TokenResult = { ok: true; token: string } | { ok: false; failure: SheetsFailure; status: number | null; body: string };

export async function accessToken(key: ServiceAccountKey): Promise<TokenResult> {
  try {
    const { token } = await jwtClient(key).getAccessToken();
    if (!token) return { ok: false, failure: tokenFailure(null, null, key.client_email), status: null, body: '' };
    return { ok: true, token };
  } catch (err) {
    const res = (err as { response?: { status?: number; data?: unknown } }).response;
    const status = typeof res?.status === 'number' ? res.status : null;
    const failure = tokenFailure(status, res?.data ?? null, key.client_email);
    return { ok: false, failure: status === null ? { ...failure, message: `${failure.message} (${(err as Error).message.slice(0, 200)})` } : failure, status, body: JSON.stringify(res?.data ?? null).slice(0, 2000) };
  }
}

export interface SheetsRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  body?: unknown;
}

/** The answer: status null when none came (unreachable, timeout; `error` says which). */
export interface SheetsResponse {
  status: number | null;
  json: unknown;
  text: string;
  error?: string;
}

const enc = encodeURIComponent;

export const appendRequest = (spreadsheetId: string, range: string, row: unknown[]): SheetsRequest => ({
  method: 'POST',
  url: `${sheetsBase()}/v4/spreadsheets/${enc(spreadsheetId)}/values/${enc(range)}:append?valueInputOption=USER_ENTERED&insertDataOption=INSERT_ROWS`,
  body: { range, majorDimension: 'ROWS', values: [row] },
});

export const updateRequest = (spreadsheetId: string, range: string, row: unknown[]): SheetsRequest => ({
  method: 'PUT',
  url: `${sheetsBase()}/v4/spreadsheets/${enc(spreadsheetId)}/values/${enc(range)}?valueInputOption=USER_ENTERED`,
  body: { range, majorDimension: 'ROWS', values: [row] },
});

/** The spreadsheet's title and its sheets' titles: proves access without writing. */
export const metadataRequest = (spreadsheetId: string): SheetsRequest => ({
  method: 'GET',
  url: `${sheetsBase()}/v4/spreadsheets/${enc(spreadsheetId)}?fields=${enc('spreadsheetId,properties.title,sheets.properties.title')}`,
});

export async function callSheets(req: SheetsRequest, token: string): Promise<SheetsResponse> {
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers: { authorization: `Bearer ${token}`, 'user-agent': 'nilai', ...(req.body !== undefined && { 'content-type': 'application/json' }) },
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: AbortSignal.timeout(sendTimeoutMs()),
      redirect: 'manual',
    });
  } catch (err) {
    const e = err as Error;
    return { status: null, json: null, text: '', error: e.name === 'TimeoutError' ? `no answer within ${sendTimeoutMs() / 1000} s` : e.message };
  }
  const text = await res.text().catch(() => '');
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, json, text };
}
