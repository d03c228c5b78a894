/** Test fixtures of the OData core, for specs in this repository only (not in `@app/odata`). */
export { customerEntity, customerMeasureEntity, openCustomerEntity, unifiedActivityEntity } from './fixtures';
export { catchError } from './catch-error';
export { GOLDEN_CASES } from '../sql/__golden__/cases';
export type { GoldenCase } from '../sql/__golden__/cases';
export { compileGoldenCase } from '../sql/__golden__/render-golden';
