/**
 * What the Sheets API's refusals mean, in words an admin can act on. Google answers errors as
 * `{ error: { code, message, status } }` (google.rpc.Status: PERMISSION_DENIED, NOT_FOUND,
 * INVALID_ARGUMENT, RESOURCE_EXHAUSTED, UNAVAILABLE …).
 */

export interface SheetsFailure {
  /** Temporary ones (429, 5xx) are retried with backoff; the others are final until the admin acts. */
  temporary: boolean;
  message: string;
}

export function sheetsFailure(status: number, body: unknown, ctx: { clientEmail: string; sheetName: string }): SheetsFailure {
  const google = (body as { error?: { message?: unknown; status?: unknown } } | null)?.error;
  const said = typeof google?.message === 'string' ? ` (Google: ${google.message.slice(0, 200)})` : '';
  if (status === 429) return { temporary: true, message: `Google Sheets' quota is used up for now (429); nilai tries again later${said}.` };
  if (status >= 500 || status === 408) return { temporary: true, message: `Google Sheets is unavailable for now (HTTP ${status}); nilai tries again later${said}.` };
  if (status === 401) return { temporary: false, message: `Google refused the service account's token (401): check that the key is still valid (IAM → Service accounts → Keys)${said}.` };
  if (status === 403) return { temporary: false, message: `No access to the spreadsheet: share the sheet with ${ctx.clientEmail} (Share → Editor), and check that the Google Sheets API is enabled on the key's project${said}.` };
  if (status === 404) return { temporary: false, message: `Spreadsheet not found: check its address or id, and that it is shared with ${ctx.clientEmail}${said}.` };
  if (status === 400) {
    const m = typeof google?.message === 'string' ? google.message : '';
    if (/range|sheet/i.test(m)) return { temporary: false, message: `Sheet "${ctx.sheetName}" not found in the spreadsheet, or its range cannot be written: check the sheet (tab) name${said}.` };
    return { temporary: false, message: `Google Sheets refused the row (400)${said}.` };
  }
  return { temporary: false, message: `Google Sheets refused it (HTTP ${status})${said}.` };
}

/** The token endpoint's refusal (OAuth 2.0 `{ error, error_description }`), in words. */
export function tokenFailure(status: number | null, body: unknown, clientEmail: string): SheetsFailure {
  const b = body as { error?: unknown; error_description?: unknown } | null;
  const said = typeof b?.error === 'string' ? ` (Google: ${b.error}${typeof b.error_description === 'string' ? `: ${b.error_description.slice(0, 200)}` : ''})` : '';
  if (status === null || status === 429 || status >= 500) return { temporary: true, message: `Google's token service did not answer for now; nilai tries again later${said}.` };
  return { temporary: false, message: `Google refused to sign in as ${clientEmail}: the key may be deleted or the service account disabled; upload a new JSON key${said}.` };
}
