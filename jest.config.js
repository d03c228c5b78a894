/** Unit specs (next to the code) and the cross-dialect compliance suite. */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: '(apps|libs|test/compliance)/.*\\.spec\\.ts$',
  transform: { '^.+\\.ts$': 'ts-jest' },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  moduleNameMapper: {
    // Loaded through Node's own require: see the file.
    '^@fastify/static$': '<rootDir>/test/support/fastify-static.native.js',
    '^@app/odata/testing$': '<rootDir>/libs/odata/src/testing',
    '^@app/odata$': '<rootDir>/libs/odata/src',
    '^@app/storage$': '<rootDir>/libs/storage/src',
    '^@app/demo$': '<rootDir>/libs/demo/src',
    '^@app/lake$': '<rootDir>/libs/lake/src',
    '^@app/cdm$': '<rootDir>/libs/cdm/src',
    '^@app/partitions$': '<rootDir>/libs/partitions/src',
    '^@app/webhooks$': '<rootDir>/libs/webhooks/src',
    '^@app/config$': '<rootDir>/libs/config/src',
  },
};
