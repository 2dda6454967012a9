/**
 * Editing one part of the roster from the admin console: a village (its officer, assistant,
 * joint-defence contacts, information officers, office hours, duty phone), a central office's or station's duty contact,
 * the bureau duty desk, or an officer's name and phone. The edit makes a whole new roster that must
 * pass the county-file checks; chiefs may edit only inside their own area.
 */
import * as z from 'zod/mini';
import { text } from './z.ts';
import type { Principal } from './auth.ts';
import { FieldError } from './errors.ts';
import { ContactSchema, CountyFileError, parseCounty, type County } from './county.ts';

const id = z.string().check(z.minLength(1), z.maxLength(40));

export const RosterEditSchema = z.discriminatedUnion('target', [
  z.object({
    target: z.literal('village'),
    id,
    officerId: z.optional(id),
    assistant: z.optional(ContactSchema),
    defenceContacts: z.optional(z.array(ContactSchema).check(z.maxLength(20))),
    /** The village's information officers (信息员), replaced as a whole. */
    informants: z.optional(z.array(ContactSchema).check(z.maxLength(10))),
    officeHours: z.optional(z.string().check(z.maxLength(60))),
    dutyPhone: z.optional(z.string().check(z.maxLength(20))),
  }),
  z.object({ target: z.literal('office'), id, dutyContact: ContactSchema }),
  z.object({ target: z.literal('station'), id, dutyContact: ContactSchema }),
  z.object({ target: z.literal('bureau'), dutyContact: ContactSchema }),
  z.object({ target: z.literal('officer'), id, name: z.optional(text(1, 40)), phone: z.optional(z.string()) }),
]);
export type RosterEdit = z.output<typeof RosterEditSchema>;

/** Where an edit lands: the station and office it belongs to (none for the bureau). */
function placeOf(county: County, edit: RosterEdit): { stationIds: string[]; officeIds: string[] } {
  switch (edit.target) {
    case 'bureau':
      return { stationIds: [], officeIds: [] };
    case 'station':
      return { stationIds: [edit.id], officeIds: [] };
    case 'office': {
      const station = county.stations.find((s) => s.offices.some((o) => o.id === edit.id));
      return { stationIds: station ? [station.id] : [], officeIds: [edit.id] };
    }
    case 'village':
    case 'officer': {
      const places = county.stations.flatMap((s) =>
        s.offices.filter((o) => o.villages.some((v) => (edit.target === 'village' ? v.id === edit.id : v.officerId === edit.id))).map((o) => ({ s: s.id, o: o.id })),
      );
      return { stationIds: places.map((p) => p.s), officeIds: places.map((p) => p.o) };
    }
  }
}

/** Bureau staff edit everything; station staff their station's area; office staff their office's villages and duty contact. */
export function mayEdit(p: Principal, county: County, edit: RosterEdit): boolean {
  if (p.role === 'bureau') return true;
  const place = placeOf(county, edit);
  if (edit.target === 'bureau' || place.stationIds.length === 0) return false;
  if (p.role === 'station') return place.stationIds.every((id) => id === p.stationId);
  if (p.role === 'office') return edit.target !== 'station' && place.officeIds.every((id) => id === p.officeId);
  return false;
}

/** The roster with the edit applied and checked; FieldError names the bad field. */
export function editRoster(county: County, edit: RosterEdit): County {
  const next = structuredClone(county) as County;
  const notFound = (what: string) => new FieldError('id', `no ${what} "${'id' in edit ? edit.id : ''}"`);
  switch (edit.target) {
    case 'village': {
      const village = next.stations.flatMap((s) => s.offices.flatMap((o) => o.villages)).find((v) => v.id === edit.id);
      if (!village) throw notFound('village');
      const { target: _t, id: _id, ...fields } = edit;
      Object.assign(village, Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
      break;
    }
    case 'office': {
      const office = next.stations.flatMap((s) => s.offices).find((o) => o.id === edit.id);
      if (!office) throw notFound('central office');
      Object.assign(office, { dutyContact: edit.dutyContact });
      break;
    }
    case 'station': {
      const station = next.stations.find((s) => s.id === edit.id);
      if (!station) throw notFound('station');
      Object.assign(station, { dutyContact: edit.dutyContact });
      break;
    }
    case 'bureau':
      Object.assign(next.bureau, { dutyContact: edit.dutyContact });
      break;
    case 'officer': {
      const officer = next.officers.find((o) => o.id === edit.id);
      if (!officer) throw notFound('officer');
      Object.assign(officer, { ...(edit.name && { name: edit.name }), ...(edit.phone && { phone: edit.phone }) });
      break;
    }
  }
  try {
    return parseCounty(next, 'edited roster');
  } catch (error) {
    if (error instanceof CountyFileError) {
      const [first] = error.issues;
      throw new FieldError(first?.path.split('.').at(-1)?.replace(/\[\d+\]$/, '') ?? 'roster', `${first?.path}: ${first?.message}`);
    }
    throw error;
  }
}
