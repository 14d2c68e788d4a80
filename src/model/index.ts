export type * from './http-event.js';
export { NETWORK_TYPES, ORIGINS, ATTACK_TAGS } from './http-event.js';
export type * from './finding.js';
export { BEHAVIOUR_CATEGORIES } from './finding.js';
export type * from './summary.js';
export type * from './post.js';
export { PLATFORMS } from './post.js';
