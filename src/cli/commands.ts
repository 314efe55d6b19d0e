// src/cli/ owns the terminal adapter: argv to raw input values (args), the same parseOptions and
// pipeline as the action for `go-gate run`, `go-gate analyze` on a saved stream or profile, and the
// report printed in the terminal or as JSON (run).
//
// The CLI: `go-gate run` runs the same pipeline as the action; `go-gate analyze`
// reports a saved `go test -json` stream or coverage profile.
import { createReadStream, existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { CLI_EXIT } from '../constants.js'
import { coverageGate, readCoverageProfile } from '../coverage/index.js'
import { errorKind, errorMessage, GateError } from '../errors.js'
import type { TestEvent } from '../gotest/event.js'
import { PathResolver, type SourceIndex } from '../gotest/locate.js'
import { readTestStream } from '../gotest/reader.js'
import { stageResultFromTestRun } from '../gotest/stage-result.js'
import type { RunReport, StageResult } from '../model/report.js'
import type { TimingsRecord } from '../model/shard.js'
import { type InputReader, type Options, parseOptions } from '../options.js'
import { resolveCommit } from '../pipeline/changed-lines.js'
import type { CoverageBase, Reporter } from '../pipeline/context.js'
import { failureFromError, runPipeline, setupFailureReport } from '../pipeline/gated-pipeline.js'
import { buildSourceIndex, listPackages } from '../pipeline/go.js'
import { writeJunitFile } from '../pipeline/results.js'
import { settleRunResult } from '../pipeline/verdict.js'
import { collectSecrets, createRedactor, redactReport, type SecretSources } from '../redact/index.js'
import { renderJson } from '../report/json.js'
import { renderSummary } from '../report/summary.js'
import { renderTerminal } from '../report/terminal.js'
import { parseTimingsRecord } from '../shard/timings.js'
import { type AnalyzeCommand, type Format, HELP, parseArgs, type RunCommand } from './args.js'
import { LiveProgress } from './progress.js'

export interface CliIO {
  stdout: (text: string) => void
  stderr: (text: string) => void
  stdin: NodeJS.ReadableStream
  isTTY: boolean
  /** Standard error is a terminal: where the live progress line goes. */
  stderrIsTTY?: boolean
  /** Width of that terminal. */
  columns?: () => number
  env: NodeJS.ProcessEnv
  cwd: string
}

/** How the reporter writes to the terminal: a live progress line, colour. */
export interface TerminalStyle {
  progress: LiveProgress | null
  color: boolean
  /** How many packages a stage will test, when that is cheap to know. */
  packagesTotal?: (stage: string) => Promise<number | undefined>
}

export class TerminalReporter implements Reporter {
  constructor(
    private readonly io: CliIO,
    private readonly verbose: boolean,
    private readonly style: TerminalStyle,
    /** Takes the run's secrets out of what is echoed (go output under --verbose, warnings). */
    private readonly redact: (text: string) => string = (text) => text
  ) {}
  private print(text: string): void {
    const shown = this.redact(text)
    if (this.style.progress) this.style.progress.line(shown)
    else this.io.stderr(shown)
  }
  info(message: string): void {
    if (this.verbose) this.print(`${message}\n`)
  }
  warning(message: string): void {
    const label = this.style.color ? '\u001b[33mwarning:\u001b[0m' : 'warning:'
    this.print(`${label} ${message}\n`)
  }
  output(line: string): void {
    if (this.verbose) this.print(`${line}\n`)
  }
  testEvent(event: TestEvent): void {
    this.style.progress?.event(event)
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    // The pipeline names its phases for the action's log; here the stage name is enough.
    const stage = title.replace(/^go-gate: /, '')
    const progress = this.style.progress
    if (progress) {
      progress.begin(stage)
      this.style
        .packagesTotal?.(stage)
        .then((total) => {
          if (total !== undefined) progress.setTotal(stage, total)
        })
        .catch(() => undefined)
    } else {
      this.io.stderr(`▸ ${stage}\n`)
    }
    try {
      return await fn()
    } finally {
      // The final report lists every stage with its time: the live line goes.
      progress?.end()
    }
  }
}

/** The live line is for a person at a terminal: not in pipes, not with NO_COLOR or --no-progress. */
function terminalStyle(cmd: RunCommand, io: CliIO, options: Options): TerminalStyle {
  const plain = !io.stderrIsTTY || io.env.NO_COLOR !== undefined
  const color = cmd.color ?? !plain
  if (plain || !cmd.progress) return { progress: null, color }
  const progress = new LiveProgress({
    write: io.stderr,
    columns: io.columns ?? (() => 80),
    now: Date.now
  })
  // A shard runs part of the listing: its total is known only once the stage has split it.
  const packagesTotal = (stage: string) =>
    stage === 'unit' && !options.shard
      ? listPackages(options.moduleDir, options.packages.length > 0 ? options.packages : ['./...'], {
          env: io.env
        }).then((listed) => (listed.exitCode === 0 ? listed.packages.length : undefined))
      : Promise.resolve(undefined)
  return { progress, color, packagesTotal }
}

/** Every report the CLI prints goes through here, redacted first. */
function render(
  unredacted: RunReport,
  format: Format,
  io: CliIO,
  color: boolean | undefined,
  secrets: readonly string[] = collectSecrets({ env: io.env })
): string {
  const report = redactReport(unredacted, [...secrets])
  if (format === 'json') return renderJson(report)
  if (format === 'markdown') return renderSummary(report)
  return renderTerminal(report, { color: color ?? (io.isTTY && io.env.NO_COLOR === undefined) })
}

async function runGate(cmd: RunCommand, io: CliIO): Promise<number> {
  const started = Date.now()
  const workspace = path.resolve(io.cwd, cmd.dir)
  const read: InputReader = (name) => cmd.inputs[name]
  let report: RunReport
  let secrets: Omit<SecretSources, 'env'> = {}
  let junitFile = ''
  try {
    const options = parseOptions(read, workspace)
    if (options.mode === 'merge') {
      throw new GateError(
        'invalid-input',
        'Input "mode" is "merge"; the merge downloads the shards\' artifacts and runs only in a GitHub Actions job. The CLI runs mode gate.'
      )
    }
    junitFile = options.junitFile
    secrets = {
      integrationEnv: options.integration.env,
      publicNames: options.integration.publicEnv,
      urls: options.integration.waitFor.map((t) => t.raw),
      // The CLI never posts a comment, but a token given to it stays a secret.
      values: options.prComment.token !== '' ? [options.prComment.token] : []
    }
    // The cache belongs to the runner; locally Go's own caches are already warm.
    options.cache.enabled = false
    const timings =
      cmd.timings !== undefined ? await readTimingsFile(path.resolve(io.cwd, cmd.timings)) : undefined
    let coverageBase: CoverageBase | undefined
    if (cmd.base !== undefined) {
      const sha = await resolveCommit(workspace, cmd.base, io.env)
      if (sha === undefined)
        throw new GateError(
          'invalid-input',
          `Option --base is ${JSON.stringify(cmd.base)}; expected a branch, tag or commit that git knows in ${workspace}.`
        )
      coverageBase = { patchBaseSha: sha }
    }
    const controller = new AbortController()
    const onSignal = () => controller.abort()
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
    try {
      report = (
        await runPipeline(options, {
          reporter: new TerminalReporter(
            io,
            cmd.verbose,
            terminalStyle(cmd, io, options),
            createRedactor(collectSecrets({ ...secrets, env: io.env }))
          ),
          signal: controller.signal,
          env: io.env,
          timings,
          coverageBase
        })
      ).report
    } finally {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  } catch (error) {
    report = setupFailureReport({ workingDirectory: '.' }, failureFromError(error, 'setup'), started)
  }
  const secretValues = collectSecrets({ ...secrets, env: io.env })
  io.stdout(render(report, cmd.format, io, cmd.color, secretValues))
  if (junitFile !== '') {
    // The report is printed whatever happens to the file; a file that cannot be written is said, as in the action.
    await writeJunitFile(junitFile, redactReport(report, secretValues)).catch((error: unknown) =>
      io.stderr(`warning: go-gate could not write the junit-file ${junitFile}: ${errorMessage(error)}\n`)
    )
  }
  return exitStatus(report)
}

/** --timings FILE: a timings record, refused before anything runs when it is not one. */
async function readTimingsFile(file: string): Promise<TimingsRecord> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new GateError(
      'invalid-input',
      `Option --timings names ${file}, which cannot be read: ${errorMessage(error)}.`
    )
  }
  const parsed = parseTimingsRecord(text)
  if (!parsed.record)
    throw new GateError(
      'invalid-input',
      `Option --timings names ${file}, but ${parsed.problem}; expected {"schema": 1, "packages": {"import/path": seconds, ...}}.`
    )
  return parsed.record
}

async function sourceIndexFor(
  dir: string,
  importPaths: string[],
  env: NodeJS.ProcessEnv
): Promise<SourceIndex> {
  if (importPaths.length > 0 && existsSync(path.join(dir, 'go.mod'))) {
    try {
      const listed = await listPackages(dir, importPaths, { env })
      return await buildSourceIndex(dir, dir, listed.packages, importPaths)
    } catch {
      // No go here: locations stay unresolved rather than guessed.
    }
  }
  return { repoRoot: dir, commandDir: dir, packages: new Map() }
}

async function analyzeSaved(cmd: AnalyzeCommand, io: CliIO): Promise<number> {
  const started = Date.now()
  const dir = path.resolve(io.cwd, cmd.dir)
  const stages: StageResult[] = []
  const unit: StageResult = {
    stage: 'unit',
    status: 'passed',
    durationMs: 0,
    failures: [],
    notices: [],
    notes: []
  }
  stages.push(unit)
  if (cmd.file !== '') {
    const input = cmd.file === '-' ? io.stdin : createReadStream(path.resolve(io.cwd, cmd.file))
    const run = await readTestStream(input as AsyncIterable<Uint8Array>)
    const failed = [...run.packages.values()].filter((p) => p.status === 'fail').map((p) => p.importPath)
    const index = await sourceIndexFor(dir, failed, io.env)
    const { result } = stageResultFromTestRun(run, new PathResolver(index), 'unit')
    Object.assign(unit, result)
    if (run.incomplete.length > 0)
      unit.notes.push(`The stream ended before ${run.incomplete.length} package(s) finished.`)
  }
  if (cmd.coverprofile) {
    const threshold = cmd.coverageThreshold
    let modules: { path: string; dir: string }[] = []
    try {
      const listed = await listPackages(dir, ['./...'], { env: io.env })
      modules = listed.modules
    } catch {
      modules = []
    }
    const report = await readCoverageProfile(path.resolve(io.cwd, cmd.coverprofile), {
      repoRoot: dir,
      modules,
      exclude: (cmd.coverageExclude ?? '')
        .split(/\r?\n|,/)
        .map((s) => s.trim())
        .filter((s) => s !== '')
    })
    unit.coverage = report
    unit.coverageThreshold = threshold
    const gate = coverageGate(report, threshold, 'unit')
    if (gate.failure) {
      unit.failures.push(gate.failure)
      unit.notices.push(...gate.notices)
    }
  }
  unit.status = unit.failures.length > 0 ? 'failed' : 'passed'
  const report: RunReport = {
    result: 'success',
    stages,
    setupFailures: [],
    tests: unit.tests ?? { passed: 0, failed: 0, skipped: 0 },
    durationMs: Date.now() - started,
    workingDirectory: '.'
  }
  settleRunResult(report)
  io.stdout(render(report, cmd.format, io, cmd.color))
  return exitStatus(report)
}

/** A failed run whose root cause is input it does not accept is bad usage; any other failure is a failed gate. */
function exitStatus(report: RunReport): number {
  if (report.result === 'success') return CLI_EXIT.passed
  return report.rootCause?.kind === 'invalid-input' ? CLI_EXIT.usage : CLI_EXIT.failed
}

/** Runs the CLI; returns the exit status. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let command: ReturnType<typeof parseArgs>
  try {
    command = parseArgs(argv)
  } catch (error) {
    io.stderr(`go-gate: ${errorMessage(error)}\n\n${HELP}`)
    return CLI_EXIT.usage
  }
  try {
    switch (command.command) {
      case 'help':
        io.stdout(HELP)
        return CLI_EXIT.passed
      case 'version':
        io.stdout(`go-gate ${process.env.GO_GATE_VERSION ?? '0.1.0'}\n`)
        return CLI_EXIT.passed
      case 'run':
        return await runGate(command, io)
      case 'analyze':
        return await analyzeSaved(command, io)
    }
  } catch (error) {
    const kind = errorKind(error)
    io.stderr(
      `go-gate: ${kind === 'internal-error' && !(error instanceof GateError) ? 'internal error: ' : ''}${errorMessage(error)}\n`
    )
    return kind === 'invalid-input' ? CLI_EXIT.usage : CLI_EXIT.failed
  }
}

/** The process entry: wires runCli to the real process. */
export async function main(): Promise<void> {
  // Standard output is the report's (--format json must stay parseable). The
  // @actions libraries write workflow commands there; outside a runner they go
  // to standard error, and their ::debug:: chatter nowhere.
  const report = process.stdout.write.bind(process.stdout)
  if (process.env.GITHUB_ACTIONS !== 'true') {
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) =>
      String(chunk).startsWith('::debug::')
        ? true
        : process.stderr.write(chunk, ...rest)) as typeof process.stdout.write
  }
  const code = await runCli(process.argv.slice(2), {
    stdout: (text) => report(text),
    stderr: (text) => process.stderr.write(text),
    stdin: process.stdin,
    isTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    columns: () => process.stderr.columns ?? 80,
    env: process.env,
    cwd: process.cwd()
  })
  process.exitCode = code
}
