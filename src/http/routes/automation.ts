import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@sinclair/typebox';
import { AutoResolveSettings, AutoResponderSettings } from '../../domain/automation/settings.js';
import { getAutoResolve, getAutoResponder, saveAutoResolve, saveAutoResponder } from '../../services/automation-settings.js';
import { principalOf } from '../plugins/auth.js';
import { errors, Nullable, Timestamp } from '../schemas.js';

const Saved = (settings: TSchema, title: string) => Type.Object({ settings, updatedAt: Nullable(Timestamp) }, { title });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;
  const pages = [
    { path: 'auto-responder', schema: AutoResponderSettings, title: 'AutoResponder', summary: 'auto responder (replies inside and outside office hours)', get: getAutoResponder, save: saveAutoResponder },
    { path: 'auto-resolve', schema: AutoResolveSettings, title: 'AutoResolve', summary: 'auto resolve (resolve idle conversations in the inbox)', get: getAutoResolve, save: saveAutoResolve },
  ] as const;
  for (const p of pages) {
    const response = Saved(p.schema, p.title);
    app.get(`/api/v1/automation/${p.path}`, {
      config: { auth: 'agent' },
      schema: { tags: ['Automation'], summary: `The ${p.summary} settings`, response: { 200: response } },
    }, async (req) => p.get(db, principalOf(req).workspaceId));
    app.put(`/api/v1/automation/${p.path}`, {
      config: { auth: 'admin' },
      schema: { tags: ['Automation'], summary: `Save the ${p.summary} settings`, body: p.schema, response: { 200: response, ...errors(422) } },
    }, async (req) => p.save(db, principalOf(req).workspaceId, req.body as never));
  }
};

export default routes;
