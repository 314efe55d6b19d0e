// The lint stage: golangci-lint (v2) at the pinned version, found on PATH or installed
// with the tool cache; when it cannot be had, `go vet ./...` and `gofmt -l` instead, and
// the summary says so. Findings become Failures of kind lint (errors fail the stage,
// warnings become notices).
import { existsSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import {
  compareVersions,
  GolangciOutputError,
  type GolangciReport,
  gofmtFindings,
  golangciRunArgs,
  issuesExitCode,
  type LintFinding,
  type LintPaths,
  lintFindingsToFailures,
  parseGofmtDiff,
  parseGofmtList,
  parseGolangciJson,
  parseVetOutput,
  typeErrorKind
} from '../../lint/index.js'
import type { Failure, StageResult } from '../../model/report.js'
import { emptyStageResult, type StageContext, type StageRunner } from '../context.js'
import { runModuleCommand } from '../go-command.js'
import { findGolangciLint, type GolangciLintBinary } from '../install-golangci.js'
import { listModuleGoFiles } from '../module-files.js'
import { displayCommand } from '../process.js'

// golangci-lint's exit codes (pkg/exitcodes): 3 failure, 4 its own --timeout, 5 no Go files.
const EXIT_TIMEOUT = 4
const EXIT_NO_GO_FILES = 5
/** Files per gofmt invocation, to stay below the command-line limit. */
const GOFMT_BATCH = 200

export const runLintStage: StageRunner = async (ctx) => {
  const started = Date.now()
  const result = emptyStageResult('lint')
  const version = ctx.options.lint.version
  if (compareVersions(version, '2.0.0') < 0) {
    result.failures.push({
      kind: 'invalid-input',
      stage: 'lint',
      severity: 'error',
      title: `golangci-lint-version ${version} is a v1 release; go-gate runs golangci-lint v2`,
      message: `Input "golangci-lint-version" is ${JSON.stringify(version)}; expected a v2 release such as v2.15.0 (v1 configs can be converted with \`golangci-lint migrate\`).`
    })
    return finish(result, started)
  }
  // What the timeout failure names if the stage is stopped while downloading.
  result.command = `install golangci-lint ${version}`
  const lookup = await findGolangciLint({
    version,
    env: ctx.env,
    tempDir: ctx.tempDir,
    signal: ctx.signal,
    log: (message) => ctx.reporter.info(message)
  })
  if (ctx.signal.aborted) return finish(result, started, true)
  if (lookup.found) {
    await runGolangciLint(ctx, lookup.binary, result)
  } else {
    const note = `golangci-lint ${version} could not be installed (${lookup.reason}); fell back to go vet and gofmt -l.`
    result.notes.push(note)
    ctx.reporter.warning(note)
    await runFallback(ctx, result)
  }
  return finish(result, started, ctx.signal.aborted)
}

/** A stopped stage is never green; the pipeline adds the timeout or cancellation. */
function finish(result: StageResult, started: number, stopped = false): StageResult {
  result.status = stopped || result.failures.length > 0 ? 'failed' : 'passed'
  result.durationMs = Date.now() - started
  return result
}

function lintPaths(ctx: StageContext): LintPaths {
  return { moduleDir: ctx.options.moduleDir, repoRoot: ctx.options.workspace }
}

function addFindings(result: StageResult, findings: readonly LintFinding[]): void {
  const { failures, notices } = lintFindingsToFailures(findings)
  result.failures.push(...failures)
  result.notices.push(...notices)
}

async function runGolangciLint(
  ctx: StageContext,
  binary: GolangciLintBinary,
  result: StageResult
): Promise<void> {
  const { options, reporter } = ctx
  const jsonPath = path.join(ctx.tempDir, 'golangci-lint.json')
  await rm(jsonPath, { force: true })
  const args = golangciRunArgs(binary.version, jsonPath, options.lint.args)
  result.command = displayCommand('golangci-lint', args)
  reporter.info(`$ ${result.command}`)
  const run = await runModuleCommand(ctx, binary.path, args, { announce: false })
  if (run.aborted || run.timedOut) {
    result.rawTail = run.tail
    return
  }
  if (run.spawnError) {
    result.failures.push(
      toolchainFailure(
        `golangci-lint could not be started: ${run.spawnError.message}`,
        `Tried to run ${binary.path}.`
      )
    )
    return
  }

  let report: GolangciReport | undefined
  let unreadable: string | undefined
  try {
    report = parseGolangciJson(await readFile(jsonPath, 'utf8'), lintPaths(ctx))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') unreadable = 'golangci-lint wrote no JSON result'
    else if (error instanceof GolangciOutputError) unreadable = error.message
    else throw error
  }
  for (const warning of report?.warnings.slice(0, 5) ?? []) result.notes.push(`golangci-lint: ${warning}`)

  const exitCode = run.exitCode
  const tail = run.tail
  if ((exitCode === 0 || exitCode === issuesExitCode(options.lint.args)) && report) {
    addFindings(result, report.findings)
    if (report.error) result.notes.push(`golangci-lint reported an error it could not place: ${report.error}`)
    return
  }
  if (exitCode === EXIT_NO_GO_FILES) {
    result.notes.push(`golangci-lint found no Go files to analyze in ${options.workingDirectory}.`)
    return
  }
  if (report) addFindings(result, report.findings)
  result.rawTail = tail
  if (exitCode === EXIT_TIMEOUT) {
    result.failures.unshift({
      kind: 'timeout',
      stage: 'lint',
      severity: 'error',
      title: 'golangci-lint stopped at its own timeout (--timeout or run.timeout in .golangci.yml)',
      message: tail.slice(-20).join('\n'),
      output: tail
    })
    return
  }
  // A config it refuses, a crash, output it could not write: the tool is broken, not the code.
  const said = tail
    .map((line) => /^(?:Error: |level=error msg=")(.*?)"?$/.exec(line)?.[1])
    .find((m) => m !== undefined)
  const reason = said ?? report?.error ?? unreadable ?? `exit status ${exitCode ?? run.signal ?? 'unknown'}`
  const hint = /unsupported version of the configuration/.test(tail.join('\n'))
    ? ' The config is written for golangci-lint v1; `golangci-lint migrate` converts it to v2.'
    : ''
  result.failures.unshift(
    toolchainFailure(
      `golangci-lint ${binary.version} failed to run: ${reason}`,
      `golangci-lint exited with status ${exitCode ?? 'unknown'} without a lint result, so its configuration or the binary is broken or unsupported.${hint}\n\n${tail.slice(-20).join('\n')}`,
      tail
    )
  )
}

async function runFallback(ctx: StageContext, result: StageResult): Promise<void> {
  const { options, reporter } = ctx
  const paths = lintPaths(ctx)
  const findings: LintFinding[] = []

  const vetArgs = ['vet', './...']
  result.command = displayCommand('go', vetArgs)
  reporter.info(`$ ${result.command}`)
  const vet = await runModuleCommand(ctx, 'go', vetArgs, { announce: false })
  if (vet.aborted || vet.timedOut) {
    result.rawTail = vet.tail
    return
  }
  const vetFindings = parseVetOutput(`${vet.stderr}\n${vet.stdout}`, paths)
  findings.push(...vetFindings)
  if (vet.spawnError) {
    result.failures.push(toolchainFailure(`go vet could not be started: ${vet.spawnError.message}`, ''))
  } else if (vet.exitCode !== 0 && vetFindings.length === 0) {
    const tail = vet.tail
    const kind = typeErrorKind(tail.join('\n')) === 'dependency' ? 'dependency' : 'toolchain'
    result.rawTail = tail
    result.failures.push({
      kind,
      stage: 'lint',
      severity: 'error',
      title: `go vet failed: ${tail.find((line) => line.trim() !== '') ?? `exit status ${vet.exitCode}`}`,
      message: tail.slice(-20).join('\n'),
      output: tail
    })
  }

  const gofmt = gofmtBinary(ctx)
  const files = await listModuleGoFiles(options.moduleDir)
  const unformatted: string[] = []
  result.command = `${result.command} && gofmt -l`
  reporter.info(`$ gofmt -l (${files.length} files)`)
  for (let i = 0; i < files.length; i += GOFMT_BATCH) {
    const run = await runModuleCommand(ctx, gofmt, ['-l', ...files.slice(i, i + GOFMT_BATCH)], {
      announce: false
    })
    if (run.aborted || run.timedOut) return
    unformatted.push(...parseGofmtList(run.stdout))
  }
  let firstLines = new Map<string, number>()
  if (unformatted.length > 0) {
    // The diff is not echoed: the annotation points at its first line.
    const diff = await runModuleCommand(ctx, gofmt, ['-d', ...unformatted], {
      announce: false,
      echoStdout: false
    })
    firstLines = parseGofmtDiff(diff.stdout)
  }
  findings.push(...gofmtFindings(unformatted, firstLines, paths))
  addFindings(result, findings)
}

function gofmtBinary(ctx: StageContext): string {
  const exe = process.platform === 'win32' ? 'gofmt.exe' : 'gofmt'
  const inGoroot = ctx.go.GOROOT ? path.join(ctx.go.GOROOT, 'bin', exe) : ''
  return inGoroot !== '' && existsSync(inGoroot) ? inGoroot : 'gofmt'
}

function toolchainFailure(title: string, message: string, output?: string[]): Failure {
  const failure: Failure = { kind: 'toolchain', stage: 'lint', severity: 'error', title, message }
  if (output) failure.output = output
  return failure
}
