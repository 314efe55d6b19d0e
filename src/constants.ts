// Names of inputs, outputs and saved state in one place. action.yml, the README
// tables and the code agree; __tests__/interface.test.ts checks it.

export const GOLANGCI_LINT_DEFAULT_VERSION = 'v2.15.0'

export interface InputSpec {
  /** Default as action.yml declares it ('' when the default is computed). */
  readonly default: string
  readonly description: string
}

export const INPUTS = {
  'working-directory': { default: '.', description: 'Folder holding go.mod, relative to the workspace.' },
  stages: {
    default: 'tidy, lint, unit, integration, build',
    description:
      'Stages to run, comma or newline separated: tidy, lint, unit, integration, build. They always run in that order.'
  },
  packages: {
    default: './...',
    description: 'Package patterns for the unit stage (space, comma or newline separated).'
  },
  'go-test-flags': {
    default: '',
    description: 'Extra flags for `go test` in the unit and integration stages, split like a shell would.'
  },
  race: { default: 'true', description: 'Run unit tests with `-race`.' },
  'test-timeout': { default: '10m', description: 'Passed to `go test` as `-timeout`.' },
  'fail-fast': {
    default: 'true',
    description:
      'Stop at the first failing package and stage (`-failfast`); false runs everything and reports every failure.'
  },
  'rerun-failed': {
    default: '0',
    description:
      'Rerun each failed test alone up to this many more times (0 to 5); a test that then passes is reported as flaky. With reruns on, the first run does not use `-failfast`, so no test is left unrun behind a flaky one.'
  },
  'rerun-max-failures': {
    default: '10',
    description: 'When more tests than this failed, nothing is rerun: that is a broken build, not flakiness.'
  },
  flaky: {
    default: 'warn',
    description:
      'What a test that failed and then passed on a rerun does: warn lets the gate pass with a warning, fail keeps it red and names the test as flaky.'
  },
  quarantine: {
    default: '',
    description:
      'Newline-separated known flaky tests, `pkg/path.TestName`, `TestName` or `TestName/sub*` (`*` matches anything): their failures are notices that never fail the gate, and those that pass are listed so they can be released. A race, panic or timeout still fails. With a quarantine the run does not use `-failfast`.'
  },
  shard: {
    default: '',
    description:
      'Run one shard of the tests: `i/n` such as `2/4` (the shard from the job matrix, and how many there are), 1 ≤ i ≤ n ≤ 256. The unit and integration stages run only the packages assigned to shard i, split by the test times of earlier runs on the default branch (or by test functions). Empty: no sharding.'
  },
  annotations: { default: 'true', description: 'Write annotations on the failing lines.' },
  summary: { default: 'true', description: 'Write the job summary.' },
  'coverage-threshold': {
    default: '0',
    description: 'Minimum total coverage in percent (0 to 100, decimals allowed). 0 reports without gating.'
  },
  'coverage-packages': {
    default: '',
    description: 'Passed as `-coverpkg`. Empty: each package covers only itself.'
  },
  'coverage-exclude': {
    default: '',
    description:
      'Newline-separated globs over repository-relative files left out of coverage, e.g. `**/*.pb.go`.'
  },
  'coverage-drop-max': {
    default: '',
    description:
      'On pull requests: the most percentage points total coverage may fall against the base branch’s baseline (decimals allowed). Empty: no limit. The baseline is saved by pushes to the default branch through the cache service.'
  },
  'patch-coverage-threshold': {
    default: '0',
    description:
      'On pull requests: minimum coverage in percent (0 to 100) of the statements on the lines the pull request changed. 0 reports without gating.'
  },
  'golangci-lint-version': {
    default: GOLANGCI_LINT_DEFAULT_VERSION,
    description: 'golangci-lint release to use (v2). The binary on PATH is used when its version matches.'
  },
  'lint-args': { default: '', description: 'Extra arguments for `golangci-lint run`.' },
  'integration-packages': {
    default: '',
    description: 'Package patterns for the integration stage. Empty: the `packages` value.'
  },
  'integration-tags': {
    default: 'integration',
    description: 'Build tags of the integration tests (`-tags`).'
  },
  'integration-run': { default: '', description: 'Passed as `-run` to the integration tests when set.' },
  'integration-env': {
    default: '',
    description:
      'Newline-separated KEY=VALUE lines set in the integration tests’ environment. Values are treated as secrets (masked and redacted); prefix a line with `public:` (`public:LOG_LEVEL=debug`) for a value that is not.'
  },
  'wait-for': {
    default: '',
    description:
      'Newline-separated `tcp://host:port` or `http(s)://` URLs that must answer before the integration stage.'
  },
  'wait-for-timeout': { default: '60s', description: 'How long to wait for the `wait-for` services.' },
  'build-packages': { default: './...', description: 'Package patterns for the build stage.' },
  'build-flags': { default: '', description: 'Extra flags for `go build`, split like a shell would.' },
  'build-output': {
    default: '',
    description: 'A folder to receive the binaries of main packages. Empty: build only.'
  },
  'stage-timeout': {
    default: '30m',
    description: 'Longest time one stage may run before it is stopped (kind `timeout`).'
  },
  cache: { default: 'true', description: 'Restore and save the Go module and build caches.' },
  'cache-key-prefix': {
    default: '',
    description:
      'Prefix of the cache key. Empty: `go-gate-<stages>`, so jobs running different stages keep separate caches.'
  },
  'cache-save': {
    default: 'always',
    description: 'When the post step saves the cache: always, on-success or never.'
  },
  'cache-restore-timeout': {
    default: '5m',
    description: 'A cache restore still running after this is abandoned and the run goes on cold.'
  },
  'pr-comment': {
    default: 'auto',
    description:
      'A sticky pull-request comment with the root cause, stages and coverage, updated in place on every push: auto (on pull_request and pull_request_target events, not for a pull request from a fork), always or never. It never changes the gate’s result.'
  },
  'github-token': {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, as action.yml writes it
    default: '${{ github.token }}',
    description:
      'Token for the pull-request comment; it needs `pull-requests: write`. Registered as a secret and redacted.'
  },
  'junit-file': {
    default: '',
    description:
      'A path, relative to the workspace, to write JUnit XML to: a testsuite per package, a testcase per test with its time, failures with message and location, skips.'
  },
  mode: {
    default: 'gate',
    description:
      'gate runs the stages; merge (in a job that needs the sharded jobs, with `if: always()`) downloads every shard’s result and reports one verdict, coverage and summary.'
  }
} as const satisfies Record<string, InputSpec>

export type InputName = keyof typeof INPUTS

export const OUTPUTS = {
  result: 'success or failure.',
  'failed-stage': 'The stage that failed first (empty on success).',
  'root-cause-kind': 'The kind of the root cause (see the list of kinds; empty on success).',
  'root-cause': 'The root cause in one line (empty on success).',
  'tests-passed': 'Number of tests that passed.',
  'tests-failed': 'Number of tests that failed.',
  'tests-skipped': 'Number of tests that were skipped.',
  'tests-flaky': 'Number of tests that failed and then passed on a rerun (rerun-failed).',
  'flaky-tests': 'The flaky tests as `package.TestName`, one a line (at most 50 listed).',
  coverage:
    'Total coverage in percent with one decimal, as `go tool cover -func` prints it (empty when not measured).',
  'cache-hit': 'true for an exact cache hit, partial for a restore-key hit, false otherwise.',
  'report-file':
    'Path of the run’s result as JSON (schema go-gate/report/v1, see docs/report-schema.md), under RUNNER_TEMP; always written.'
} as const

export type OutputName = keyof typeof OUTPUTS

/** Names of values the main step hands to the post step. */
export const STATE = {
  cachePrimaryKey: 'cache-primary-key',
  cacheMatchedKey: 'cache-matched-key',
  cachePaths: 'cache-paths',
  cacheSave: 'cache-save',
  result: 'result',
  buildCacheDir: 'build-cache-dir',
  lintCacheDir: 'lint-cache-dir',
  /** Milliseconds since the epoch from which a build-cache entry's mtime shows the run used it. */
  buildCacheUsedSince: 'build-cache-used-since',
  /** A file listing the build-cache entries the restore brought: the only ones the post step may prune. */
  cacheRestoredEntries: 'cache-restored-entries',
  cacheSaveTimeout: 'cache-save-timeout',
  cacheSummary: 'cache-summary'
} as const

/** The CLI's exit status; `--help` and the README say the same. */
export const CLI_EXIT = {
  passed: 0,
  failed: 1,
  /** An unknown command or option, or a value an option does not accept. */
  usage: 2
} as const
