/** HTTP end-to-end suites: each starts the gateway on a free loopback port. */
const base = require('../jest.config.js');
module.exports = {
  ...base,
  rootDir: '..',
  testRegex: 'test/e2e/.*\\.e2e-spec\\.ts$',
  testTimeout: 60000,
  maxWorkers: 2,
};
