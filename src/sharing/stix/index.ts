export * from './builder.js';
export { scoId, sdoId, uuidv5, canonicalJson, STIX_SCO_NAMESPACE } from './ids.js';
export { validateBundle } from './validate.js';
