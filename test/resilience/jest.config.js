/** Long fault-injection tests: `npm run test:resilience` (one file at a time; each owns its servers). */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/resilience/**/*.resilience-spec.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 180000,
};
