/** ts-jest in ESM mode; run with NODE_OPTIONS=--experimental-vm-modules (npm test does). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: ['TS151001'] } }]
  },
  reporters: ['default', '<rootDir>/__tests__/support/closing-line.mjs'],
  globalSetup: '<rootDir>/__tests__/support/global-setup.mjs',
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/__tests__/fixtures/'],
  modulePathIgnorePatterns: ['<rootDir>/__tests__/fixtures/', '<rootDir>/dist/'],
  // Go fixture runs share the machine's 2 cores; keep workers few.
  maxWorkers: 2,
  testTimeout: 180000
}
