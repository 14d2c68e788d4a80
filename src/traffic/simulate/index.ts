export { simulate, simulateLabelled, simulationTruth, writeSimulatedLog } from './simulate.js';
export type { SimulatedActorTruth, SimulationTruth, WriteResult } from './simulate.js';
export { DEFAULT_START, SHARES, homeCountries } from './plan.js';
export { ATTACK_LABELS, LOG_FORMATS, TRAFFIC_LABELS } from './types.js';
export type { AttackLabel, LabelledRequest, SimulatedLogFormat, SimulationOptions, TrafficLabel } from './types.js';
