import { scoId, sdoId } from './ids.js';

export type StixObject = Record<string, unknown> & { type: string; id: string };

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

/** The TLP marking definitions STIX 2.1 predefines (TLP 2.0 CLEAR is the former WHITE). */
export const TLP_MARKINGS = {
  clear: { id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', tlp: 'white' },
  green: { id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', tlp: 'green' },
  amber: { id: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', tlp: 'amber' },
  red: { id: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', tlp: 'red' },
} as const;

export function tlpMarking(level: keyof typeof TLP_MARKINGS): StixObject {
  const m = TLP_MARKINGS[level];
  return { type: 'marking-definition', spec_version: '2.1', id: m.id, created: '2017-01-20T00:00:00.000Z', definition_type: 'tlp', name: `TLP:${m.tlp.toUpperCase()}`, definition: { tlp: m.tlp } };
}

export const stixTime = (ms: number): string => new Date(ms).toISOString();

/** Properties every domain object of one export shares: version, times, author, marking. */
export interface Common {
  created: string;
  modified: string;
  createdBy: string;
  marking: string;
}

export function sdo(type: string, key: string, common: Common, properties: Record<string, unknown>): StixObject {
  return {
    type, spec_version: '2.1', id: sdoId(type, key), created: common.created, modified: common.modified, created_by_ref: common.createdBy,
    object_marking_refs: [common.marking], ...properties,
  };
}

export function identity(name: string, at: string): StixObject {
  return { type: 'identity', spec_version: '2.1', id: sdoId('identity', name), created: at, modified: at, name, identity_class: 'organization' };
}

export function userAccount(login: string, accountType: string): StixObject {
  return { type: 'user-account', spec_version: '2.1', id: scoId('user-account', { account_login: login, account_type: accountType }), account_login: login, account_type: accountType };
}

export function url(value: string): StixObject {
  return { type: 'url', spec_version: '2.1', id: scoId('url', { value }), value };
}

export function domainName(value: string): StixObject {
  return { type: 'domain-name', spec_version: '2.1', id: scoId('domain-name', { value }), value };
}

/** Objects deduplicated by id (the first wins), in a bundle whose id follows from its content key. */
export function bundle(key: string, objects: StixObject[]): StixBundle {
  const seen = new Map<string, StixObject>();
  for (const o of objects) if (!seen.has(o.id)) seen.set(o.id, o);
  return { type: 'bundle', id: sdoId('bundle', key), objects: [...seen.values()] };
}
