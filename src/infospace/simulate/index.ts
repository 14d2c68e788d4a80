export { simulate, FULL_SIMULATION, SMALL_SIMULATION, type Simulation, type SimulationSettings, type Campaign, type CampaignKind } from './generator.js';
export { scoreClusters, type Quality } from './score.js';
export { Random } from './random.js';
