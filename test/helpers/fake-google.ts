/**
 * A fake Google on 127.0.0.1: the OAuth 2.0 token endpoint of a service account's JWT bearer grant, and
 * the part of the Sheets API v4 nilai calls, with one spreadsheet held in memory.
 *
 * Shapes: the token request and answer are RFC 7523 / Google's "Using OAuth 2.0 for Server to Server
 * Applications" (developers.google.com/identity/protocols/oauth2/service-account: POST form grant_type=
 * urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<RS256 JWT with iss, scope, aud, exp, iat>;
 * answer { access_token, expires_in, token_type }), as google-auth-library's gtoken sends it
 * (node_modules/google-auth-library/build/src/gtoken/getToken.js, jwsSign.js). The Sheets calls follow
 * the v4 REST reference (developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/append,
 * …/update, …/spreadsheets/get) and its discovery document as generated into clients
 * (paragonsean/openapi-directory APIs/googleapis.com/sheets/v4: AppendValuesResponse { spreadsheetId,
 * tableRange, updates: UpdateValuesResponse { spreadsheetId, updatedRange, updatedRows, updatedColumns,
 * updatedCells } }); errors are google.rpc.Status as JSON: { error: { code, message, status } }.
 */
import { createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_SPREADSHEET_ID = '1FakeSpreadsheetId_0123456789abcdef';

export interface GoogleCall {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
}

export interface FakeGoogle {
  url: string;
  tokenUrl: string;
  /** The service-account key file (JSON text) whose public half the token endpoint checks signatures with. */
  keyFile: string;
  clientEmail: string;
  /** Rows of each sheet, row 1 first. */
  sheets: Map<string, unknown[][]>;
  calls: GoogleCall[];
  /** Verified assertions' claims, one per token issued. */
  grants: Record<string, unknown>[];
  /** Answers for the next requests whose path contains `pathPart` (used once each), before the normal answer. */
  script(pathPart: string, ...answers: { status: number; body: unknown }[]): void;
  callsTo(method: string, pathPart: string): GoogleCall[];
  waitFor(what: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const rpc = (code: number, status: string, message: string) => ({ status: code, body: { error: { code, message, status } } });
const a1Name = (name: string) => (/^[A-Za-z0-9_]+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`);
const letters = (n: number) => { let s = ''; for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s; return s; };

/** `'It''s'!A5:F5` → { sheet: "It's", row: 5 } */
function parseRange(range: string): { sheet: string; row: number | null } {
  const bang = range.lastIndexOf('!');
  const rawName = bang < 0 ? range : range.slice(0, bang);
  const sheet = rawName.startsWith("'") ? rawName.slice(1, -1).replace(/''/g, "'") : rawName;
  const row = bang < 0 ? null : Number(/^[A-Z]+(\d+)/.exec(range.slice(bang + 1))?.[1] ?? NaN);
  return { sheet, row: Number.isFinite(row) ? row : null };
}

export async function startFakeGoogle(opts: { sheets?: Record<string, unknown[][]> } = {}): Promise<FakeGoogle> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const clientEmail = 'nilai-sheets@nilai-test.iam.gserviceaccount.com';
  const sheets = new Map(Object.entries(opts.sheets ?? { Answers: [['Answered at', 'Type', 'Score', 'Comment']] }));
  const calls: GoogleCall[] = [];
  const grants: Record<string, unknown>[] = [];
  const tokens = new Set<string>();
  const scripts: { pathPart: string; answer: { status: number; body: unknown } }[] = [];

  function token(body: string) {
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Invalid grant_type.' } };
    const [h, p, sig] = (form.get('assertion') ?? '').split('.');
    const header = JSON.parse(Buffer.from(h ?? '', 'base64url').toString() || 'null');
    const claims = JSON.parse(Buffer.from(p ?? '', 'base64url').toString() || 'null');
    const signed = createVerify('RSA-SHA256').update(`${h}.${p}`).verify(publicKey, Buffer.from(sig ?? '', 'base64url'));
    const now = Date.now() / 1000;
    if (header?.alg !== 'RS256' || !signed) return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } };
    if (claims.iss !== clientEmail || claims.aud !== 'https://oauth2.googleapis.com/token' || !(claims.exp > now && claims.iat <= now + 60)) return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.' } };
    if (!String(claims.scope).split(' ').includes('https://www.googleapis.com/auth/spreadsheets')) return { status: 400, body: { error: 'invalid_scope', error_description: 'Bad scope.' } };
    grants.push(claims);
    const t = `ya29.fake-${randomBytes(12).toString('hex')}`;
    tokens.add(t);
    return { status: 200, body: { access_token: t, expires_in: 3599, token_type: 'Bearer' } };
  }

  function sheetsApi(call: GoogleCall, url: URL) {
    if (!tokens.has(String(call.headers.authorization ?? '').replace(/^Bearer /, ''))) return rpc(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
    const m = /^\/v4\/spreadsheets\/([^/]+)(?:\/values\/([^/]+))?$/.exec(url.pathname);
    if (!m || decodeURIComponent(m[1]!) !== FAKE_SPREADSHEET_ID) return rpc(404, 'NOT_FOUND', 'Requested entity was not found.');
    if (!m[2]) {
      if (call.method !== 'GET') return rpc(404, 'NOT_FOUND', 'Not found');
      return { status: 200, body: { spreadsheetId: FAKE_SPREADSHEET_ID, properties: { title: 'nilai answers' }, sheets: [...sheets.keys()].map((title) => ({ properties: { title } })) } };
    }
    const append = m[2].endsWith(':append');
    const range = decodeURIComponent(append ? m[2].slice(0, -':append'.length) : m[2]);
    const { sheet, row } = parseRange(range);
    const rows = sheets.get(sheet);
    if (!rows) return rpc(400, 'INVALID_ARGUMENT', `Unable to parse range: ${range}`);
    if (url.searchParams.get('valueInputOption') !== 'USER_ENTERED') return rpc(400, 'INVALID_ARGUMENT', "Invalid valueInputOption: ''");
    const values = call.json?.values as unknown[][] | undefined;
    if (!Array.isArray(values) || values.length !== 1 || !Array.isArray(values[0])) return rpc(400, 'INVALID_ARGUMENT', 'Invalid values');
    const width = values[0].length;
    if (append && call.method === 'POST') {
      if (url.searchParams.get('insertDataOption') !== 'INSERT_ROWS') return rpc(400, 'INVALID_ARGUMENT', 'expected INSERT_ROWS');
      const tableRange = `${a1Name(sheet)}!A1:${letters(Math.max(1, ...rows.map((r) => r.length)))}${rows.length}`;
      rows.push(values[0]);
      const updatedRange = `${a1Name(sheet)}!A${rows.length}:${letters(width)}${rows.length}`;
      return { status: 200, body: { spreadsheetId: FAKE_SPREADSHEET_ID, tableRange, updates: { spreadsheetId: FAKE_SPREADSHEET_ID, updatedRange, updatedRows: 1, updatedColumns: width, updatedCells: width } } };
    }
    if (!append && call.method === 'PUT' && row !== null) {
      while (rows.length < row) rows.push([]);
      rows[row - 1] = values[0];
      return { status: 200, body: { spreadsheetId: FAKE_SPREADSHEET_ID, updatedRange: `${a1Name(sheet)}!A${row}:${letters(width)}${row}`, updatedRows: 1, updatedColumns: width, updatedCells: width } };
    }
    return rpc(400, 'INVALID_ARGUMENT', 'Unsupported request');
  }

  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      let json: unknown = null;
      try { json = body ? JSON.parse(body) : null; } catch { json = null; }
      const call: GoogleCall = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body, json };
      calls.push(call);
      const url = new URL(call.path, 'http://127.0.0.1');
      const i = scripts.findIndex((s) => call.path.includes(s.pathPart));
      const a = i >= 0 ? scripts.splice(i, 1)[0]!.answer : url.pathname === '/token' && call.method === 'POST' ? token(body) : sheetsApi(call, url);
      res.writeHead(a.status, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The fields of a key file as the Cloud console downloads it (IAM → Service accounts → Keys → JSON).
  const keyFile = JSON.stringify({
    type: 'service_account', project_id: 'nilai-test', private_key_id: randomBytes(20).toString('hex'), private_key: privateKey, client_email: clientEmail,
    client_id: '100000000000000000001', auth_uri: 'https://accounts.google.com/o/oauth2/auth', token_uri: `${base}/token`,
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs', client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`, universe_domain: 'googleapis.com',
  }, null, 2);
  const callsTo = (method: string, p: string) => calls.filter((c) => c.method === method && c.path.includes(p));
  return {
    url: base, tokenUrl: `${base}/token`, keyFile, clientEmail, sheets, calls, grants, callsTo,
    script: (pathPart, ...answers) => scripts.push(...answers.map((answer) => ({ pathPart, answer }))),
    async waitFor(what, timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      while (!what()) {
        if (Date.now() > end) throw new Error('fake Google: condition not met in time');
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
