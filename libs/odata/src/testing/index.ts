/** Test fixtures of the OData core, for specs in this repository only (not in `@app/odata`). */
export { customerEntity, customerMeasureEntity, openCustomerEntity, unifiedActivityEntity } from './fixtures';
export { catchError } from './catch-error';
