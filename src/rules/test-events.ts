/** Builds HttpEvents for rule tests: the same helper as the detectors' tests. */
export * from '../traffic/detect/test-events.js';
