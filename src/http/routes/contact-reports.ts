import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { FIELD_KEY_PATTERN } from '../../domain/contacts/fields.js';
import { invalid } from '../../domain/errors.js';
import { contactFieldReport } from '../../services/contact-field-report.js';
import { NIL } from '../../store/reports/summary-facts.js';
import { principalOf } from '../plugins/auth.js';
import { contactMasker } from '../../services/contact-view.js';
import { Figures, ReportFilterQuery } from '../report-schemas.js';
import { requestLanguage } from '../request-language.js';
import { errors } from '../schemas.js';

const Scores = { csat: Figures.csat, ces: Figures.ces, nps: Figures.nps };

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;
  app.get('/api/v1/reports/contact-fields/:key', {
    config: { auth: 'agent' },
    schema: {
      tags: ['Reports'],
      summary: 'CSAT, CES and NPS per value of a contact field (e.g. CSAT by tier or by city)',
      description: 'Computed from the responses joined to their contacts\' current field values (not from the rollups), for the period in the workspace time zone (default: the last 30 days). `contactField` + `contactValue` filter by another field. Agents see only their own responses.',
      params: Type.Object({ key: Type.String({ pattern: FIELD_KEY_PATTERN }) }),
      querystring: Type.Object({
        ...ReportFilterQuery,
        contactField: Type.Optional(Type.String({ pattern: FIELD_KEY_PATTERN })),
        contactValue: Type.Optional(Type.String({ maxLength: 100 })),
      }),
      response: {
        200: Type.Object({
          period: Type.Object({ from: Type.String(), to: Type.String(), timeZone: Type.String() }),
          field: Type.Object({ key: Type.String(), type: Type.String(), label: Type.String() }),
          csatSatisfiedThreshold: Type.Integer(),
          overall: Type.Object(Scores),
          groups: Type.Array(Type.Object({ key: Type.String({ description: 'The value; empty for contacts without one.' }), label: Type.String(), ...Scores })),
        }, { title: 'ContactFieldReport' }),
        ...errors(404, 422),
      },
    },
  }, async (req) => {
    const p = principalOf(req);
    const { contactField, contactValue, ...q } = req.query;
    if ((contactField === undefined) !== (contactValue === undefined)) throw invalid([{ path: contactField === undefined ? 'query.contactField' : 'query.contactValue', message: 'contactField and contactValue go together' }]);
    const report = await contactFieldReport(db, p.workspaceId, req.params.key, {
      ...q,
      agentId: p.role === 'agent' ? (p.userId ?? NIL) : q.agentId,
      contactField: contactField !== undefined ? { key: contactField, value: contactValue! } : undefined,
      language: requestLanguage(req),
    });
    // Values of a text field may be phone numbers or emails: grouped values are masked like the contact.
    const m = await contactMasker(db, p);
    return m.masked ? { ...report, groups: report.groups.map((g) => ({ ...g, key: m.text(g.key)!, label: m.text(g.label)! })) } : report;
  });
};

export default routes;
