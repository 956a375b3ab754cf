import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError, notFound } from '../../domain/errors.js';
import { isUuid } from '../../lib/secret-token.js';
import { PASSWORD_MIN } from '../../services/passwords.js';
import { addUser, changeUser, removeUser } from '../../services/users.js';
import { getUser, listUsers } from '../../store/users.js';
import { principalOf } from '../plugins/auth.js';
import { errors, IdParams, NoContent, Nullable, Role, Timestamp } from '../schemas.js';

const Fields = {
  name: Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' }),
  email: Type.String({ format: 'email', maxLength: 254 }),
  phone: Nullable(Type.String({ maxLength: 40, pattern: '^\\+?[0-9 ()-]{4,40}$' })),
  address: Nullable(Type.String({ maxLength: 500 })),
  organization: Nullable(Type.String({ maxLength: 200, description: 'The organization the user works for (seed: Organisasi).' })),
  role: Role,
};
const Password = Type.String({ minLength: PASSWORD_MIN, maxLength: 200 });
const BroadcastPermission = Nullable(Type.Boolean({ description: 'The user\'s own broadcast permission; null: as the role has it.' }));
const User = Type.Object({ id: Type.String(), ...Fields, broadcastPermission: BroadcastPermission, divisionIds: Type.Array(Type.String()), createdAt: Timestamp, updatedAt: Timestamp }, { title: 'User' });
const tags = ['Users'];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  app.get('/api/v1/users', {
    config: { auth: 'supervisor' },
    schema: { tags, summary: 'List users', response: { 200: Type.Object({ items: Type.Array(User) }), ...errors() } },
  }, async (req) => ({ items: await listUsers(db, principalOf(req).workspaceId) }));

  app.get('/api/v1/users/me', {
    config: { auth: 'agent' },
    schema: { tags, summary: 'The signed-in user (or the user an agent token acts for)', response: { 200: User, ...errors(404) } },
  }, async (req) => {
    const p = principalOf(req);
    const u = p.userId ? await getUser(db, p.workspaceId, p.userId) : null;
    if (!u) throw notFound('This token is not bound to a user; user');
    return u;
  });

  app.get('/api/v1/users/:id', {
    config: { auth: 'agent' },
    schema: { tags, summary: 'One user (agents may read only themselves)', params: IdParams, response: { 200: User, ...errors(404) } },
  }, async (req) => {
    const p = principalOf(req);
    const own = p.role !== 'agent' || p.userId === req.params.id;
    const u = own && isUuid(req.params.id) ? await getUser(db, p.workspaceId, req.params.id) : null;
    if (!u) throw notFound('User');
    return u;
  });

  app.post('/api/v1/users', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Create a user',
      description: 'Without `password`, a password is generated and returned once as `initialPassword`.',
      body: Type.Object({ name: Fields.name, email: Fields.email, phone: Type.Optional(Fields.phone), address: Type.Optional(Fields.address), organization: Type.Optional(Fields.organization), role: Role, password: Type.Optional(Password) }, { additionalProperties: false }),
      response: { 201: Type.Intersect([User, Type.Object({ initialPassword: Nullable(Type.String()) })]), ...errors(409, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await addUser(db, principalOf(req).workspaceId, req.body)));

  app.patch('/api/v1/users/:id', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Change a user', description: 'Setting `password` signs the user out everywhere.', params: IdParams,
      body: Type.Partial(Type.Object({ ...Fields, broadcastPermission: BroadcastPermission, password: Password }), { additionalProperties: false }),
      response: { 200: User, ...errors(404, 409, 422) },
    },
  }, async (req) => {
    if (!isUuid(req.params.id)) throw notFound('User');
    return changeUser(db, principalOf(req).workspaceId, req.params.id, req.body);
  });

  app.delete('/api/v1/users/:id', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'Delete a user', params: IdParams, response: { 204: NoContent, ...errors(404, 409) } },
  }, async (req, reply) => {
    const p = principalOf(req);
    if (!isUuid(req.params.id)) throw notFound('User');
    if (p.userId === req.params.id) throw new AppError('conflict', 'You cannot delete yourself.');
    await removeUser(db, p.workspaceId, req.params.id);
    return reply.status(204).send(null);
  });
};

export default routes;
