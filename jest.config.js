/** Jest 30 in native ESM mode (run with --experimental-vm-modules); TypeScript via @swc/jest. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // Fixture trees contain test files of the example services: they are data, not our tests.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/fixtures/'],
  testTimeout: 30000,
  setupFilesAfterEnv: ['<rootDir>/test/setup/restore-nock.ts'],
};
