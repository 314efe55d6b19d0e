// What the cache tests share: throw-away Go caches, a workspace, the runner's
// side of step state (GITHUB_STATE in, STATE_* out), and a Reporter that records.
import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { clearFolder } from '../../src/cache/modcache.js'
import { type CacheState, decodeCacheState } from '../../src/cache/state.js'
import { restoreGoCache } from '../../src/github/cache.js'
import { saveGoCache } from '../../src/github/post.js'
import { type Options, parseOptions } from '../../src/options.js'
import type { Reporter } from '../../src/pipeline/context.js'
import type { GoEnv } from '../../src/pipeline/go.js'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const fixtureDir = path.join(repoRoot, '__tests__/fixtures/cache-deps')

export interface Sandbox {
  root: string
  workspace: string
  moduleCache: string
  buildCache: string
  gopath: string
  runnerTemp: string
  /** The GITHUB_STATE file of the current "main step". */
  stateFile: string
  summaryFile: string
}

/** Temporary folders standing in for the runner's; never the machine's own Go caches. */
export function makeSandbox(withFixture: boolean): Sandbox {
  const root = mkdtempSync(path.join(tmpdir(), 'go-gate-cache-test-'))
  const box: Sandbox = {
    root,
    workspace: path.join(root, 'workspace'),
    moduleCache: path.join(root, 'gomodcache'),
    buildCache: path.join(root, 'gocache'),
    gopath: path.join(root, 'gopath'),
    runnerTemp: path.join(root, 'runner-temp'),
    stateFile: path.join(root, 'state'),
    summaryFile: path.join(root, 'summary.md')
  }
  for (const dir of [box.workspace, box.moduleCache, box.buildCache, box.gopath, box.runnerTemp])
    mkdirSync(dir, { recursive: true })
  if (withFixture) cpSync(fixtureDir, box.workspace, { recursive: true })
  writeFileSync(box.stateFile, '')
  writeFileSync(box.summaryFile, '')
  return box
}

export async function removeSandbox(box: Sandbox): Promise<void> {
  await clearFolder(box.root)
  rmSync(box.root, { recursive: true, force: true })
}

/** Empties the caches, as on a fresh runner, and starts a new state file. */
export async function freshRunner(box: Sandbox): Promise<void> {
  await clearFolder(box.moduleCache)
  await clearFolder(box.buildCache)
  writeFileSync(box.stateFile, '')
}

export function goProcessEnv(box: Sandbox): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOMODCACHE: box.moduleCache,
    GOCACHE: box.buildCache,
    GOPATH: box.gopath,
    GOFLAGS: '-buildvcs=false',
    GOTOOLCHAIN: 'local',
    GOWORK: 'off'
  }
}

/** The environment a GitHub Actions step of this sandbox sees. */
export function stepEnv(box: Sandbox, service: Record<string, string>): Record<string, string> {
  return {
    ...service,
    GITHUB_WORKSPACE: box.workspace,
    GITHUB_STATE: box.stateFile,
    GITHUB_STEP_SUMMARY: box.summaryFile,
    RUNNER_TEMP: box.runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64'
  }
}

/** Points this process (where @actions/* read their settings) at the sandbox and cache service. */
export function enterStep(box: Sandbox, service: Record<string, string>): void {
  for (const name of [
    'ACTIONS_CACHE_URL',
    'ACTIONS_CACHE_SERVICE_V2',
    'ACTIONS_RESULTS_URL',
    'ACTIONS_RUNTIME_TOKEN',
    'RUNNER_DEBUG'
  ]) {
    delete process.env[name]
  }
  Object.assign(process.env, stepEnv(box, service))
}

export function goEnvOf(box: Sandbox): GoEnv {
  return {
    GOVERSION: 'go1.26.8',
    GOOS: 'linux',
    GOARCH: 'amd64',
    CGO_ENABLED: '0',
    GOFLAGS: '-buildvcs=false',
    GOPROXY: 'https://proxy.golang.org,direct',
    GOMODCACHE: box.moduleCache,
    GOCACHE: box.buildCache,
    GOROOT: '',
    GOMOD: path.join(box.workspace, 'go.mod'),
    GOWORK: '',
    GOTOOLCHAIN: 'local'
  }
}

export function optionsFor(box: Sandbox, inputs: Record<string, string> = {}): Options {
  return parseOptions((name) => inputs[name], box.workspace)
}

/** The runner's side of state: the main step appends `name<<delimiter` blocks, the post step gets STATE_<name>. */
export function stateEnv(stateFile: string): Record<string, string> {
  const env: Record<string, string> = {}
  const lines = readFileSync(stateFile, 'utf8').split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (!m) continue
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i])
    env[`STATE_${m[1]}`] = value.join('\n')
  }
  return env
}

/** Reads state the way core.getState does, from a STATE_* map. */
export function stateReader(env: Record<string, string>): (name: string) => string {
  return (name) => env[`STATE_${name}`] ?? ''
}

export interface RecordingReporter extends Reporter {
  infos: string[]
  warnings: string[]
}

export function recordingReporter(): RecordingReporter {
  const infos: string[] = []
  const warnings: string[] = []
  return {
    infos,
    warnings,
    info: (message) => void infos.push(message),
    warning: (message) => void warnings.push(message),
    output: (line) => void infos.push(line),
    group: (_title, fn) => fn()
  }
}

export interface GoResult {
  code: number
  stdout: string
  stderr: string
}

export function runGo(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<GoResult> {
  return new Promise((resolve) => {
    execFile('go', args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

/** Compiler runs in `go build -x` output: none means the build cache had everything. */
export function compilations(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /\/compile( |$)/.test(line) && !line.includes(' -V=full'))
}

/** One main step's restore against a cache service, as the runner runs it; the state it hands the post step. */
export async function restoreInStep(
  box: Sandbox,
  service: Record<string, string>,
  inputs: Record<string, string>,
  go: GoEnv = goEnvOf(box)
) {
  enterStep(box, service)
  const reporter = recordingReporter()
  const report = await restoreGoCache(optionsFor(box, inputs), go, reporter)
  return { report, reporter, state: decodeCacheState(stateReader(stateEnv(box.stateFile))) }
}

/** The post step's save of that state after a successful run. */
export async function saveInPost(state: CacheState | undefined, deadlineMs = 60_000) {
  const reporter = recordingReporter()
  const outcome = await saveGoCache(state, 'success', reporter, Date.now() + deadlineMs)
  return { outcome, reporter }
}
