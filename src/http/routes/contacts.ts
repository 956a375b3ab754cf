/** Contact fields (Settings → Contact fields), contact masking (Settings → Agents), one contact. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ChoiceOption, ContactFieldInput } from '../../domain/contacts/fields.js';
import { MASKING_MODES } from '../../domain/contacts/mask.js';
import { notFound } from '../../domain/errors.js';
import { literals } from '../../domain/settings/schema.js';
import { isUuid } from '../../lib/secret-token.js';
import { addContactField, changeContactField } from '../../services/contact-fields.js';
import { contactMasker, viewContact } from '../../services/contact-view.js';
import { listContactFields } from '../../store/contact-fields.js';
import { getContactMasking, setContactMasking } from '../../store/contact-masking.js';
import { findContactByExternalId } from '../../store/contacts.js';
import { principalOf } from '../plugins/auth.js';
import { errors, IdParams, Nullable, Timestamp } from '../schemas.js';

const Field = Type.Object({ id: Type.String(), ...ContactFieldInput.properties, options: Type.Array(ChoiceOption), hidden: Type.Boolean() }, { title: 'ContactField' });
const Masking = Type.Object({ mode: literals(MASKING_MODES) }, { title: 'ContactMasking', description: '`agents`: agents see contacts\' phone numbers and emails masked; `agents_supervisors`: supervisors too; admins always see them whole.' });
export const AttributesSchema = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]));
export const ContactView = Type.Object({
  id: Nullable(Type.String()), name: Nullable(Type.String()), phone: Nullable(Type.String()), email: Nullable(Type.String()), handle: Nullable(Type.String()),
  locale: Nullable(Type.String()), optedOutAt: Nullable(Timestamp), attributes: AttributesSchema,
}, { title: 'Contact', description: 'Phone and email are masked for the roles the workspace\'s contact masking names.' });
const tags = ['Contacts'];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  app.get('/api/v1/contact-fields', {
    config: { auth: 'agent' },
    schema: { tags, summary: 'Contact fields (hidden ones included, flagged)', response: { 200: Type.Object({ items: Type.Array(Field) }), ...errors() } },
  }, async (req) => ({ items: await listContactFields(db, principalOf(req).workspaceId) }));

  app.post('/api/v1/contact-fields', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Add a contact field', description: 'A field cannot be deleted once added (hide it instead); its key and type never change.',
      body: ContactFieldInput, response: { 201: Field, ...errors(409, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await addContactField(db, principalOf(req).workspaceId, req.body)));

  app.patch('/api/v1/contact-fields/:id', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Change a contact field\'s label, add options, hide or show it', params: IdParams,
      body: Type.Partial(Type.Pick(ContactFieldInput, ['label', 'options', 'hidden']), { additionalProperties: false }),
      response: { 200: Field, ...errors(404, 422) },
    },
  }, async (req) => {
    if (!isUuid(req.params.id)) throw notFound('Contact field');
    return changeContactField(db, principalOf(req).workspaceId, req.params.id, req.body);
  });

  app.get('/api/v1/settings/contact-masking', {
    config: { auth: 'agent' },
    schema: { tags, summary: 'Contact masking: which roles see phone numbers and emails masked', response: { 200: Masking, ...errors() } },
  }, async (req) => ({ mode: await getContactMasking(db, principalOf(req).workspaceId) }));

  app.put('/api/v1/settings/contact-masking', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'Set contact masking', body: Type.Object({ mode: literals(MASKING_MODES) }, { additionalProperties: false }), response: { 200: Masking, ...errors() } },
  }, async (req) => ({ mode: await setContactMasking(db, principalOf(req).workspaceId, req.body.mode) }));

  app.get('/api/v1/contacts/:id', {
    config: { auth: 'supervisor' },
    schema: {
      tags, summary: 'A contact with its contact field values',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description: 'The contact id your inbox sends in events.' }) }),
      response: { 200: ContactView, ...errors(404) },
    },
  }, async (req) => {
    const p = principalOf(req);
    const c = await findContactByExternalId(db, p.workspaceId, req.params.id);
    if (!c) throw notFound('Contact');
    return viewContact(c, await contactMasker(db, p));
  });
};

export default routes;
