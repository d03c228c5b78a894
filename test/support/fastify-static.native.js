/**
 * `@fastify/static` (Swagger UI's assets under /docs, registered by SwaggerModule) loaded by
 * Node itself. Its dependency content-disposition 3 is ESM-only: Node 20.19+ requires it
 * natively, but Jest's module loader cannot require ESM before Node 24.9, and Jest patches
 * `createRequire` too. So the package is loaded through a plain Node `Module` parent, unchanged.
 * Mapped in jest.config.js; production loads the package the ordinary way.
 */
const Module = process.getBuiltinModule('node:module');
const parent = new Module(__filename);
parent.filename = __filename;
parent.paths = Module._nodeModulePaths(__dirname);
module.exports = parent.require('@fastify/static');
