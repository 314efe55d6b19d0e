// Running the pipeline on a fixture from a test: Options built the way the
// adapters build them, a Reporter that records what the log would show, and the
// `// gate:want` markers of a fixture (in .go files and in go.mod).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterEach } from '@jest/globals'
import type { InputName } from '../../src/constants.js'
import type { RunReport, StageName, StageResult } from '../../src/model/report.js'
import { type Options, parseOptions } from '../../src/options.js'
import type { CoverageBase, Reporter, StageRunner } from '../../src/pipeline/context.js'
import { type PipelineOutcome, runPipeline } from '../../src/pipeline/gated-pipeline.js'
import { REPO_ROOT } from '../support/runner.js'

export const FIXTURES = path.join(REPO_ROOT, '__tests__', 'fixtures')

export function fixtureRoot(name: string): string {
  return path.resolve(FIXTURES, name)
}

/** The environment the tests give go: the machine's, with go's own defaults pinned. */
export function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', ...extra }
}

export class RecordingReporter implements Reporter {
  readonly infos: string[] = []
  readonly warnings: string[] = []
  readonly outputs: string[] = []
  readonly groups: string[] = []
  info(message: string): void {
    this.infos.push(message)
  }
  warning(message: string): void {
    this.warnings.push(message)
  }
  output(line: string): void {
    this.outputs.push(line)
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.groups.push(title)
    return fn()
  }
  /** The commands that ran, as the log shows them, without the scratch -modfile (`go mod download`). */
  commands(): string[] {
    return this.infos.filter((l) => l.startsWith('$ ')).map((l) => l.slice(2).replace(/ -modfile=\S+/, ''))
  }
}

export function fixtureOptions(name: string, inputs: Partial<Record<InputName, string>>): Options {
  const all: Partial<Record<InputName, string>> = {
    race: 'false',
    cache: 'false',
    'test-timeout': '2m',
    ...inputs
  }
  return parseOptions((input) => all[input], fixtureRoot(name))
}

export interface PipelineRun extends PipelineOutcome {
  reporter: RecordingReporter
  stage(name: StageName): StageResult
}

export async function runFixture(
  name: string,
  inputs: Partial<Record<InputName, string>>,
  deps: {
    env?: NodeJS.ProcessEnv
    runners?: Partial<Record<StageName, StageRunner>>
    signal?: AbortSignal
    coverageBase?: CoverageBase
  } = {}
): Promise<PipelineRun> {
  const reporter = new RecordingReporter()
  const outcome = await runPipeline(fixtureOptions(name, inputs), {
    reporter,
    env: deps.env ?? testEnv(),
    runners: deps.runners,
    signal: deps.signal,
    coverageBase: deps.coverageBase
  })
  const report: RunReport = outcome.report
  return {
    ...outcome,
    reporter,
    stage(stageName) {
      const found = report.stages.find((s) => s.stage === stageName)
      if (!found)
        throw new Error(
          `no ${stageName} stage in the report: ${report.stages.map((s) => s.stage).join(', ')}`
        )
      return found
    }
  }
}

export interface Marker {
  kind: string
  /** Relative to the fixture root. */
  file: string
  line: number
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry)
    if (statSync(full).isDirectory()) walk(full, out)
    else if (entry.endsWith('.go') || entry === 'go.mod') out.push(full)
  }
  return out
}

/** The `// gate:want <kind>` markers of a fixture, go.mod included. */
export function fixtureMarkers(name: string): Marker[] {
  const root = fixtureRoot(name)
  const markers: Marker[] = []
  for (const file of walk(root)) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const m = /\/\/ gate:want (\S+)/.exec(text)
        if (m)
          markers.push({ kind: m[1], file: path.relative(root, file).split(path.sep).join('/'), line: i + 1 })
      })
  }
  return markers
}

export function onlyMarker(name: string): Marker {
  const markers = fixtureMarkers(name)
  if (markers.length !== 1) throw new Error(`${name}: expected one gate:want marker, found ${markers.length}`)
  return markers[0]
}

/** True while a process with this pid runs. A zombie has exited: only its parent's reaping is pending. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
  try {
    // /proc/<pid>/stat: `pid (comm) state ...`; where init does not reap orphans, they stay as Z.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return process.platform !== 'linux'
  }
}

/**
 * How long a wait for something that must happen may last before the test says it did not.
 * A guard against hanging with a clear message, not a claim about speed: a loaded machine
 * may be slow, and no test asserts how long anything took.
 */
const HANG_GUARD_MS = 60_000

/** Resolves once a file exists (the test binary writes its pid), or rejects after limitMs. */
export async function fileAppears(file: string, limitMs = HANG_GUARD_MS): Promise<string> {
  const deadline = Date.now() + limitMs
  while (Date.now() < deadline) {
    if (existsSync(file)) {
      const text = readFileSync(file, 'utf8')
      if (text !== '') return text
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`${file} did not appear within ${limitMs}ms`)
}

/** True once the process has exited (the kill lands a moment after its parent's exit is seen); false after limitMs. */
export async function processExits(pid: number, limitMs = HANG_GUARD_MS): Promise<boolean> {
  const deadline = Date.now() + limitMs
  while (processAlive(pid)) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return true
}

/** A port nothing listens on: bound, then closed again. */
export async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * Files a sleeping test writes its pid to, so a test can check the process is gone.
 * Call at the top of a test file: it removes each scratch folder after each test.
 */
export function pidFiles(): () => string {
  let scratch: string | undefined
  afterEach(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true })
    scratch = undefined
  })
  return () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'go-gate-pid-'))
    scratch = dir
    return path.join(dir, 'pid')
  }
}
