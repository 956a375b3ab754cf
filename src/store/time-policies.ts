/** Office hours and SLA policies: one workspace default (divisionId null) and per-division overrides. */
import { ALWAYS_OPEN, type Schedule } from '../domain/time/business-time.js';
import type { SlaPolicy } from '../domain/time/timings.js';
import type { Db } from './db.js';

export interface OfficeHours extends Schedule {
  id: string;
  divisionId: string | null;
  updatedAt: string;
}

export interface SlaPolicyRecord extends SlaPolicy {
  id: string;
  divisionId: string | null;
  name: string;
  updatedAt: string;
}

type OfficeHoursRow = { id: string; division_id: string | null; time_zone: string; weekly: unknown; holidays: unknown; updated_at: Date };
const toOfficeHours = (r: OfficeHoursRow): OfficeHours => ({
  id: r.id, divisionId: r.division_id, timeZone: r.time_zone, weekly: r.weekly as Schedule['weekly'], holidays: r.holidays as string[], updatedAt: r.updated_at.toISOString(),
});
type SlaRow = { id: string; division_id: string | null; name: string; first_response_minutes: number | null; resolution_minutes: number | null; business_hours: boolean; updated_at: Date };
const toSla = (r: SlaRow): SlaPolicyRecord => ({
  id: r.id, divisionId: r.division_id, name: r.name, firstResponseMinutes: r.first_response_minutes, resolutionMinutes: r.resolution_minutes, businessHours: r.business_hours, updatedAt: r.updated_at.toISOString(),
});

export async function listOfficeHours(db: Db, workspaceId: string): Promise<OfficeHours[]> {
  const rows = await db.selectFrom('office_hours').select(['id', 'division_id', 'time_zone', 'weekly', 'holidays', 'updated_at']).where('workspace_id', '=', workspaceId).orderBy('division_id', 'asc').execute();
  return rows.map(toOfficeHours);
}

export async function getOfficeHours(db: Db, workspaceId: string, id: string): Promise<OfficeHours | null> {
  const r = await db.selectFrom('office_hours').select(['id', 'division_id', 'time_zone', 'weekly', 'holidays', 'updated_at']).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return r ? toOfficeHours(r) : null;
}

export async function insertOfficeHours(db: Db, workspaceId: string, divisionId: string | null, s: Schedule): Promise<OfficeHours> {
  const r = await db.insertInto('office_hours')
    .values({ workspace_id: workspaceId, division_id: divisionId, time_zone: s.timeZone, weekly: JSON.stringify(s.weekly), holidays: JSON.stringify(s.holidays) })
    .returning(['id', 'division_id', 'time_zone', 'weekly', 'holidays', 'updated_at']).executeTakeFirstOrThrow();
  return toOfficeHours(r);
}

export async function updateOfficeHours(db: Db, workspaceId: string, id: string, s: Schedule): Promise<OfficeHours | null> {
  const r = await db.updateTable('office_hours')
    .set({ time_zone: s.timeZone, weekly: JSON.stringify(s.weekly), holidays: JSON.stringify(s.holidays), updated_at: new Date() })
    .where('workspace_id', '=', workspaceId).where('id', '=', id)
    .returning(['id', 'division_id', 'time_zone', 'weekly', 'holidays', 'updated_at']).executeTakeFirst();
  return r ? toOfficeHours(r) : null;
}

export async function deleteOfficeHours(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('office_hours').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

const slaColumns = ['id', 'division_id', 'name', 'first_response_minutes', 'resolution_minutes', 'business_hours', 'updated_at'] as const;

export async function listSlaPolicies(db: Db, workspaceId: string): Promise<SlaPolicyRecord[]> {
  return (await db.selectFrom('sla_policies').select(slaColumns).where('workspace_id', '=', workspaceId).orderBy('division_id', 'asc').execute()).map(toSla);
}

export async function getSlaPolicy(db: Db, workspaceId: string, id: string): Promise<SlaPolicyRecord | null> {
  const r = await db.selectFrom('sla_policies').select(slaColumns).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return r ? toSla(r) : null;
}

export interface SlaFields {
  name: string;
  divisionId: string | null;
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
  businessHours: boolean;
}

export async function insertSlaPolicy(db: Db, workspaceId: string, f: SlaFields): Promise<SlaPolicyRecord> {
  const r = await db.insertInto('sla_policies')
    .values({ workspace_id: workspaceId, division_id: f.divisionId, name: f.name.trim(), first_response_minutes: f.firstResponseMinutes, resolution_minutes: f.resolutionMinutes, business_hours: f.businessHours })
    .returning(slaColumns).executeTakeFirstOrThrow();
  return toSla(r);
}

export async function updateSlaPolicy(db: Db, workspaceId: string, id: string, f: Omit<SlaFields, 'divisionId'>): Promise<SlaPolicyRecord | null> {
  const r = await db.updateTable('sla_policies')
    .set({ name: f.name.trim(), first_response_minutes: f.firstResponseMinutes, resolution_minutes: f.resolutionMinutes, business_hours: f.businessHours, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId).where('id', '=', id).returning(slaColumns).executeTakeFirst();
  return r ? toSla(r) : null;
}

export async function deleteSlaPolicy(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('sla_policies').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** The schedule and SLA policy that apply to each division (its override, else the workspace default). */
export interface TimePolicies {
  scheduleFor(divisionId: string | null): Schedule;
  slaFor(divisionId: string | null): SlaPolicy | null;
}

export async function loadTimePolicies(db: Db, workspaceId: string): Promise<TimePolicies> {
  const [hours, slas, ws] = await Promise.all([
    listOfficeHours(db, workspaceId),
    listSlaPolicies(db, workspaceId),
    db.selectFrom('workspaces').select('time_zone').where('id', '=', workspaceId).executeTakeFirstOrThrow(),
  ]);
  const fallback = hours.find((h) => h.divisionId === null) ?? ALWAYS_OPEN(ws.time_zone);
  const defaultSla = slas.find((p) => p.divisionId === null) ?? null;
  return {
    scheduleFor: (d) => (d && hours.find((h) => h.divisionId === d)) || fallback,
    slaFor: (d) => (d && slas.find((p) => p.divisionId === d)) || defaultSla,
  };
}
