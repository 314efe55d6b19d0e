/**
 * Two projects, one run. ts-jest in ESM mode: run with NODE_OPTIONS=--experimental-vm-modules (the npm scripts do).
 *
 * - unit: `__tests__/**\/*.test.ts`. The pure core on recorded streams and plain data: no Go, no golangci-lint,
 *   no dist/. Seconds. `npm run test:unit`.
 * - e2e: `__tests__/**\/*.e2e.test.ts`. Real Go on the fixtures, the bundled action in dist/, golangci-lint and the
 *   cache stand-ins. Its global setup installs golangci-lint and rebundles dist/ when src/ is newer; jest runs a
 *   project's global setup only when one of its tests is selected, so the unit loop never pays for it.
 *   `npm run test:e2e`.
 *
 * `npm test` runs both and ends with one closing line for the whole run (support/closing-line.mjs).
 */

const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: ['TS151001'] } }]
  },
  modulePathIgnorePatterns: ['<rootDir>/__tests__/fixtures/', '<rootDir>/dist/']
}

export default {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        '/__tests__/fixtures/',
        '\\.e2e\\.test\\.ts$'
      ]
    },
    {
      ...shared,
      displayName: 'e2e',
      globalSetup: '<rootDir>/__tests__/support/global-setup.mjs',
      testMatch: ['<rootDir>/__tests__/**/*.e2e.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/__tests__/fixtures/']
    }
  ],
  reporters: ['default', '<rootDir>/__tests__/support/closing-line.mjs'],
  // Go fixture runs share the machine's 2 cores; keep workers few.
  maxWorkers: 2,
  testTimeout: 180000
}
