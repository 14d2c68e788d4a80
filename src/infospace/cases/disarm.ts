import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { shippedFile } from '../data-path.js';

const schema = z.object({
  source: z.string(),
  techniques: z.array(z.object({ id: z.string().regex(/^T\d{4}(\.\d{3})?$/), en: z.string().min(1), fr: z.string().min(1) })).min(1),
  suggested: z.record(z.string(), z.array(z.string())),
});

export type DisarmTechnique = z.infer<typeof schema>['techniques'][number];

let loaded: z.infer<typeof schema> | null = null;

/** The DISARM techniques shipped as data, validated once: a suggestion naming an unknown id fails loudly. */
export function disarm(): z.infer<typeof schema> {
  if (loaded) return loaded;
  const path = shippedFile(import.meta.url, 'data/disarm.json');
  const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const ids = new Set(parsed.data.techniques.map((t) => t.id));
  for (const [method, list] of Object.entries(parsed.data.suggested)) for (const id of list) if (!ids.has(id)) throw new Error(`${path}: suggested.${method}: unknown technique ${id}`);
  loaded = parsed.data;
  return loaded;
}

export function technique(id: string): DisarmTechnique | undefined {
  return disarm().techniques.find((t) => t.id === id);
}
