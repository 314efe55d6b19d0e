// Inputs are read and validated once, up front, into one typed Options object.
// The GitHub adapter and the CLI both build Options with parseOptions.
import path from 'node:path'
import shellQuote from 'shell-quote'
import type { CacheSaveMode } from './cache/state.js'
import { INPUTS, type InputName } from './constants.js'
import { parseCoverageDropMax } from './coverage/baseline.js'
import { parseCoverageThreshold } from './coverage/threshold.js'
import { GateError } from './errors.js'
import { compareVersions } from './lint/release.js'
import { STAGE_NAMES, type StageName } from './model/report.js'
import type { ShardSpec } from './model/shard.js'
import { parseShardSpec } from './shard/spec.js'
import { splitLines } from './text/lines.js'
import { pathInside } from './text/paths.js'

export interface WaitTarget {
  /** The URL as the user wrote it: what is polled, credentials and all. */
  raw: string
  /** The URL as go-gate shows it: credentials replaced, `http://***@db:8080/health`. */
  shown: string
  protocol: 'tcp' | 'http' | 'https'
  host: string
  port: number
}

export interface Options {
  /** Absolute repository root (GITHUB_WORKSPACE, or the CLI's folder). */
  workspace: string
  /** The module folder relative to the workspace, '.' at the root, forward slashes. */
  workingDirectory: string
  /** Absolute module folder. */
  moduleDir: string
  stages: StageName[]
  packages: string[]
  goTestFlags: string[]
  race: boolean
  testTimeout: string
  failFast: boolean
  rerun: RerunOptions
  /** This job's shard (input `shard`); undefined runs every package. */
  shard?: ShardSpec
  annotations: boolean
  summary: boolean
  coverage: {
    threshold: number
    packages: string
    exclude: string[]
    /** coverage-drop-max: points the total may fall against the base branch; undefined is off. */
    dropMax?: number
    /** patch-coverage-threshold: percent of the changed lines' statements; 0 is off. */
    patchThreshold: number
  }
  lint: { version: string; args: string[] }
  integration: {
    packages: string[]
    tags: string
    run: string
    env: Record<string, string>
    /** integration-env names marked `public:`: their values are not redacted. */
    publicEnv: string[]
    waitFor: WaitTarget[]
    waitForTimeoutMs: number
  }
  build: { packages: string[]; flags: string[]; output: string }
  stageTimeoutMs: number
  cache: { enabled: boolean; keyPrefix: string; save: CacheSaveMode; restoreTimeoutMs: number }
  /** Absolute path to write JUnit XML to; '' for none. */
  junitFile: string
  /** gate runs the stages; merge merges the results of a sharded run's jobs. */
  mode: 'gate' | 'merge'
  prComment: PrCommentOptions
}

/** The sticky pull-request comment (the action only; the CLI never posts). */
export interface PrCommentOptions {
  /** auto: on pull_request(_target) events unless the pull request comes from a fork; always; never. */
  mode: 'auto' | 'always' | 'never'
  /** The token to post with; '' when none was given. A secret: never printed. */
  token: string
}

export interface RerunOptions {
  /** More attempts for each failed test; 0 turns reruns off. */
  attempts: number
  /** More failed tests than this in a stage: nothing is rerun. */
  maxFailures: number
  /** warn: a flaky test passes the gate with a warning; fail: it keeps the gate red. */
  flaky: 'warn' | 'fail'
  /** Test patterns whose failures never fail the gate. */
  quarantine: string[]
}

/** The most reruns a failed test gets: more only hides a test that fails most of the time. */
export const MAX_RERUNS = 5

/** Reads one raw input; undefined or '' means "use the default". */
export type InputReader = (name: InputName) => string | undefined

function invalid(name: InputName, value: string, accepted: string): GateError {
  return new GateError('invalid-input', `Input "${name}" is ${JSON.stringify(value)}; ${accepted}`)
}

function raw(read: InputReader, name: InputName): string {
  const value = read(name)
  return value === undefined || value.trim() === '' ? INPUTS[name].default : value.trim()
}

const TRUE = new Set(['true', 'True', 'TRUE'])
const FALSE = new Set(['false', 'False', 'FALSE'])

function parseBoolean(name: InputName, value: string): boolean {
  if (TRUE.has(value)) return true
  if (FALSE.has(value)) return false
  throw invalid(name, value, 'expected true or false.')
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000
}
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y

/** Parses a Go duration (`90s`, `1h30m`, `1.5m`) into milliseconds; null when it is not one. */
function parseGoDuration(value: string): number | null {
  if (value === '0') return 0
  if (value === '') return null
  let total = 0
  DURATION_PART.lastIndex = 0
  let consumed = 0
  while (consumed < value.length) {
    DURATION_PART.lastIndex = consumed
    const m = DURATION_PART.exec(value)
    if (!m) return null
    total += Number.parseFloat(m[1]) * DURATION_UNITS[m[2]]
    consumed = DURATION_PART.lastIndex
  }
  return total
}

function duration(name: InputName, value: string, allowZero: boolean): number {
  const ms = parseGoDuration(value)
  if (ms === null || (!allowZero && ms <= 0)) {
    throw invalid(
      name,
      value,
      `expected a Go duration such as 90s, 10m or 1h30m${allowZero ? ' (0 disables it)' : ''}.`
    )
  }
  return ms
}

/** Splits a list written with commas, newlines or spaces. */
function splitList(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

/** Splits flags like a shell would, refusing pipes, redirections and substitutions. */
function splitFlags(name: InputName, value: string): string[] {
  if (value.trim() === '') return []
  const parsed = shellQuote.parse(value, (key) => `$${key}`)
  const flags: string[] = []
  for (const token of parsed) {
    if (typeof token !== 'string') {
      throw invalid(
        name,
        value,
        'expected command-line flags split like a shell would; pipes, redirections and ; are not accepted.'
      )
    }
    flags.push(token)
  }
  return flags
}

function parseStages(value: string): StageName[] {
  const names = splitList(value)
  if (names.length === 0) throw invalid('stages', value, `expected one or more of ${STAGE_NAMES.join(', ')}.`)
  const wanted = new Set<StageName>()
  for (const name of names) {
    const lower = name.toLowerCase()
    if (!(STAGE_NAMES as readonly string[]).includes(lower)) {
      throw invalid(
        'stages',
        value,
        `"${name}" is not a stage; expected a comma or newline list of ${STAGE_NAMES.join(', ')}.`
      )
    }
    wanted.add(lower as StageName)
  }
  // Stages always run in pipeline order, whatever order they were listed in.
  return STAGE_NAMES.filter((stage) => wanted.has(stage))
}

/** Marks an integration-env line whose value is not secret: `public:LOG_LEVEL=debug`. */
export const PUBLIC_ENV_PREFIX = 'public:'

function parseEnvLines(value: string): { env: Record<string, string>; publicNames: string[] } {
  const env: Record<string, string> = {}
  const publicNames: string[] = []
  for (const [index, line] of splitLines(value).entries()) {
    let trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) continue
    const isPublic = trimmed.startsWith(PUBLIC_ENV_PREFIX)
    if (isPublic) trimmed = trimmed.slice(PUBLIC_ENV_PREFIX.length).trim()
    const eq = trimmed.indexOf('=')
    const key = eq > 0 ? trimmed.slice(0, eq).trim() : ''
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      // The value may be a secret: the message shows the line's number and what comes before `=`, never the value.
      throw new GateError(
        'invalid-input',
        `Input "integration-env" has ${eq >= 0 ? JSON.stringify(`${trimmed.slice(0, eq)}=…`) : 'a line without ='} on line ${index + 1}; expected one KEY=VALUE a line (public:KEY=VALUE for a value that is not secret), KEY made of letters, digits and _.`
      )
    }
    env[key] = trimmed.slice(eq + 1)
    if (isPublic) publicNames.push(key)
  }
  return { env, publicNames }
}

function parseWaitTargets(value: string): WaitTarget[] {
  const targets: WaitTarget[] = []
  const accepted =
    'expected tcp://host:port, http://host[:port]/path or https://host[:port]/path, one a line.'
  for (const line of splitLines(value)) {
    const text = line.trim()
    if (text === '') continue
    // Errors name the URL without its credentials.
    const hidden = text.replace(/^([^:/]*:\/\/)[^/?#]*@/, '$1***@')
    let url: URL
    try {
      url = new URL(text)
    } catch {
      throw invalid('wait-for', hidden, accepted)
    }
    const protocol = url.protocol.replace(/:$/, '')
    if (protocol !== 'tcp' && protocol !== 'http' && protocol !== 'https')
      throw invalid('wait-for', hidden, accepted)
    const host = url.hostname.replace(/^\[|\]$/g, '')
    const port =
      url.port !== '' ? Number(url.port) : protocol === 'https' ? 443 : protocol === 'http' ? 80 : Number.NaN
    if (host === '' || !Number.isInteger(port)) throw invalid('wait-for', hidden, accepted)
    const shown =
      url.username === '' && url.password === ''
        ? text
        : `${url.protocol}//***@${url.host}${protocol === 'tcp' ? '' : `${url.pathname}${url.search}`}`
    targets.push({ raw: text, shown, protocol, host, port })
  }
  return targets
}

function wholeNumber(name: InputName, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw invalid(name, value, `expected a whole number from ${min} to ${max}.`)
  }
  return Number(value)
}

function parseRerun(read: InputReader, goTestFlags: string[]): RerunOptions {
  const attempts = wholeNumber('rerun-failed', raw(read, 'rerun-failed'), 0, MAX_RERUNS)
  const maxFailures = wholeNumber('rerun-max-failures', raw(read, 'rerun-max-failures'), 1, 100)
  const flaky = raw(read, 'flaky')
  if (flaky !== 'warn' && flaky !== 'fail') throw invalid('flaky', flaky, 'expected warn or fail.')
  const quarantine: string[] = []
  for (const line of splitLines(read('quarantine') ?? '')) {
    const pattern = line.trim()
    if (pattern === '' || pattern.startsWith('#')) continue
    if (/\s/.test(pattern) || /^\*+$/.test(pattern)) {
      throw invalid(
        'quarantine',
        pattern,
        'expected one test a line, such as example.com/shop/billing.TestInvoice, TestInvoice or TestInvoice/sub*; a test name holds no spaces (go test writes them as _), and * alone would quarantine everything.'
      )
    }
    quarantine.push(pattern)
  }
  const failfast = goTestFlags.find((flag) => /^--?failfast(=true)?$/.test(flag))
  if ((attempts > 0 || quarantine.length > 0) && failfast !== undefined) {
    throw new GateError(
      'invalid-input',
      `Input "go-test-flags" has ${failfast}, which cannot go with rerun-failed or quarantine: -failfast leaves the tests after a failing one unrun, and a flaky or quarantined failure that does not fail the gate would hide them. Remove ${failfast} (go-gate's fail-fast input still stops at the first failing package when neither is set).`
    )
  }
  return { attempts, maxFailures, flaky, quarantine }
}

function parsePrComment(read: InputReader): PrCommentOptions {
  const mode = raw(read, 'pr-comment')
  if (mode !== 'auto' && mode !== 'always' && mode !== 'never')
    throw invalid('pr-comment', mode, 'expected auto, always or never.')
  // Outside a runner the default `${{ github.token }}` is not substituted: no token.
  const given = read('github-token')?.trim() ?? ''
  const token = given.startsWith('${{') ? '' : given
  if (/\s/.test(token)) {
    // A secret: the message never shows it.
    throw new GateError(
      'invalid-input',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub expressions, as a workflow writes them
      'Input "github-token" holds white space; expected one token such as ${{ github.token }} or ${{ secrets.MY_TOKEN }}.'
    )
  }
  return { mode, token }
}

function parseCacheSave(value: string): CacheSaveMode {
  if (value === 'always' || value === 'on-success' || value === 'never') return value
  throw invalid('cache-save', value, 'expected always, on-success or never.')
}

function parseJunitFile(workspace: string, value: string): string {
  if (value === '') return ''
  const absolute = path.resolve(workspace, value)
  const relative = pathInside(workspace, absolute)
  if (relative === undefined || relative === '' || value.endsWith('/')) {
    throw invalid(
      'junit-file',
      value,
      'expected a file path inside the workspace, such as reports/junit.xml.'
    )
  }
  return absolute
}

function parseMode(value: string): Options['mode'] {
  if (value === 'gate' || value === 'merge') return value
  throw invalid('mode', value, 'expected gate (run the stages) or merge (merge the results of sharded jobs).')
}

function parseWorkingDirectory(workspace: string, value: string): { relative: string; absolute: string } {
  const absolute = path.resolve(workspace, value)
  const relative = pathInside(workspace, absolute)
  if (relative === undefined) {
    throw invalid('working-directory', value, 'expected a folder inside the workspace that holds go.mod.')
  }
  return { relative: relative === '' ? '.' : relative, absolute }
}

/**
 * Builds Options from raw input values. Throws GateError('invalid-input') naming
 * the first bad input and what it accepts; nothing has run when it throws.
 */
export function parseOptions(read: InputReader, workspace: string): Options {
  const shardInput = raw(read, 'shard')
  const shard = parseShardSpec(shardInput)
  if (!shard.ok) throw invalid('shard', shardInput, shard.accepted)
  const wd = parseWorkingDirectory(workspace, raw(read, 'working-directory'))
  const stages = parseStages(raw(read, 'stages'))
  const packages = splitList(raw(read, 'packages'))
  const thresholdRaw = raw(read, 'coverage-threshold')
  const threshold = parseCoverageThreshold(thresholdRaw)
  const dropMax = parseCoverageDropMax(raw(read, 'coverage-drop-max'))
  const patchThreshold = parseCoverageThreshold(
    raw(read, 'patch-coverage-threshold'),
    'Input "patch-coverage-threshold"'
  )
  const integrationPackages = raw(read, 'integration-packages')
  const testTimeout = raw(read, 'test-timeout')
  duration('test-timeout', testTimeout, true)
  const lintVersion = raw(read, 'golangci-lint-version')
  if (!/^v?\d+\.\d+\.\d+$/.test(lintVersion)) {
    throw invalid('golangci-lint-version', lintVersion, 'expected a release version such as v2.15.0.')
  }
  if (compareVersions(lintVersion, '2.0.0') < 0) {
    throw invalid(
      'golangci-lint-version',
      lintVersion,
      'expected a v2 release such as v2.15.0: go-gate runs golangci-lint v2 (v1 configs can be converted with `golangci-lint migrate`).'
    )
  }
  const tags = raw(read, 'integration-tags')
  if (!/^[A-Za-z0-9_.,-]+$/.test(tags)) {
    throw invalid(
      'integration-tags',
      tags,
      'expected build tags separated by commas, such as integration or integration,e2e.'
    )
  }
  const keyPrefix = raw(read, 'cache-key-prefix')
  const integrationEnv = parseEnvLines(read('integration-env') ?? '')
  const goTestFlags = splitFlags('go-test-flags', raw(read, 'go-test-flags'))
  const rerun = parseRerun(read, goTestFlags)
  return {
    workspace,
    workingDirectory: wd.relative,
    moduleDir: wd.absolute,
    stages,
    packages,
    goTestFlags,
    race: parseBoolean('race', raw(read, 'race')),
    testTimeout,
    failFast: parseBoolean('fail-fast', raw(read, 'fail-fast')),
    rerun,
    shard: shard.spec,
    annotations: parseBoolean('annotations', raw(read, 'annotations')),
    summary: parseBoolean('summary', raw(read, 'summary')),
    coverage: {
      threshold,
      packages: raw(read, 'coverage-packages'),
      exclude: raw(read, 'coverage-exclude')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== ''),
      dropMax,
      patchThreshold
    },
    lint: {
      version: lintVersion.startsWith('v') ? lintVersion : `v${lintVersion}`,
      args: splitFlags('lint-args', raw(read, 'lint-args'))
    },
    integration: {
      packages: integrationPackages === '' ? packages : splitList(integrationPackages),
      tags,
      run: raw(read, 'integration-run'),
      env: integrationEnv.env,
      publicEnv: integrationEnv.publicNames,
      waitFor: parseWaitTargets(read('wait-for') ?? ''),
      waitForTimeoutMs: duration('wait-for-timeout', raw(read, 'wait-for-timeout'), false)
    },
    build: {
      packages: splitList(raw(read, 'build-packages')),
      flags: splitFlags('build-flags', raw(read, 'build-flags')),
      output: raw(read, 'build-output')
    },
    stageTimeoutMs: duration('stage-timeout', raw(read, 'stage-timeout'), false),
    cache: {
      enabled: parseBoolean('cache', raw(read, 'cache')),
      keyPrefix: keyPrefix !== '' ? keyPrefix : `go-gate-${stages.join('-')}`,
      save: parseCacheSave(raw(read, 'cache-save')),
      restoreTimeoutMs: duration('cache-restore-timeout', raw(read, 'cache-restore-timeout'), false)
    },
    prComment: parsePrComment(read),
    junitFile: parseJunitFile(workspace, raw(read, 'junit-file')),
    mode: parseMode(raw(read, 'mode'))
  }
}
