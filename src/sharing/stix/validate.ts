import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its default export arrives one level deep under NodeNext
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

const BASE = 'https://vigie.invalid/stix2.1-subset/';
const TYPES: Record<string, string> = {
  identity: 'sdos/identity.json', 'attack-pattern': 'sdos/attack-pattern.json', 'observed-data': 'sdos/observed-data.json', note: 'sdos/note.json', grouping: 'sdos/grouping.json',
  relationship: 'sros/relationship.json', url: 'observables/url.json', 'domain-name': 'observables/domain-name.json', 'user-account': 'observables/user-account.json',
  'marking-definition': 'common/marking-definition.json',
};

/** The schemas ship as JSON beside the source; the compiled code reads them from there. */
function schemaDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const beside = join(here, 'schemas');
  return existsSync(beside) ? beside : join(here.replace(/([\\/])dist([\\/])/, '$1src$2'), 'schemas');
}

let compiled: { bundle: ValidateFunction; byType: Map<string, ValidateFunction> } | null = null;

function load(): NonNullable<typeof compiled> {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const dir = schemaDir();
  for (const folder of ['common', 'sdos', 'sros', 'observables']) {
    for (const file of readdirSync(join(dir, folder))) ajv.addSchema(JSON.parse(readFileSync(join(dir, folder, file), 'utf8')) as object);
  }
  const get = (path: string): ValidateFunction => {
    const fn = ajv.getSchema(BASE + path);
    if (!fn) throw new Error(`STIX schema ${path} missing`);
    return fn;
  };
  compiled = { bundle: get('common/bundle.json'), byType: new Map(Object.entries(TYPES).map(([type, path]) => [type, get(path)])) };
  return compiled;
}

/** Errors of a bundle against the STIX 2.1 schemas (empty when valid), each naming the object and the property. */
export function validateBundle(bundle: unknown): string[] {
  const { bundle: checkBundle, byType } = load();
  const errors: string[] = [];
  if (!checkBundle(bundle)) return (checkBundle.errors ?? []).map((e) => `bundle${e.instancePath}: ${e.message}`);
  for (const object of (bundle as { objects?: Record<string, unknown>[] }).objects ?? []) {
    const check = byType.get(String(object.type));
    if (!check) {
      errors.push(`${String(object.id)}: no schema for type "${String(object.type)}" in this subset`);
      continue;
    }
    const id = String(object.id);
    if (!check(object)) for (const e of check.errors ?? []) errors.push(`${id}${e.instancePath}: ${e.message}`);
  }
  return errors;
}
