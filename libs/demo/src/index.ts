export { demoManifest, DemoEntityName, DEMO_INSTANCE_NAME, DEMO_POS_DATA_SOURCE } from './demo-manifest';
export {
  generateDemoData,
  DEFAULT_DEMO_SEED,
  MAX_DEMO_CUSTOMERS,
  type DemoData,
  type DemoDataOptions,
  type DemoEntityData,
} from './demo-data';
export type { CustomerRange, DemoRow, DemoValue } from './demo-types';
export { DEMO_NOW_MS } from './generators/demo-context';
