// The lint stage: golangci-lint (v2) at the pinned version, found on PATH or installed
// with the tool cache; when it cannot be had, `go vet ./...` and `gofmt -l` instead, and
// the summary says so. Findings become Failures of kind lint (errors fail the stage,
// warnings become notices).
import { existsSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { programNotStartedFailure } from '../../errors.js'
import {
  GolangciOutputError,
  type GolangciReport,
  gofmtFindings,
  golangciRunArgs,
  issuesExitCode,
  judgeGolangciRun,
  type LintFinding,
  type LintPaths,
  lintFindingsToFailures,
  parseGofmtDiff,
  parseGofmtList,
  parseGolangciJson,
  parseVetOutput,
  vetRunFailure
} from '../../lint/index.js'
import type { StageResult } from '../../model/report.js'
import { emptyStageResult, type StageContext, type StageRunner } from '../context.js'
import { runModuleCommand } from '../go-command.js'
import { findGolangciLint, type GolangciLintBinary } from '../install-golangci.js'
import { listModuleGoFiles } from '../module-files.js'
import { displayCommand } from '../process.js'

/** Files per gofmt invocation, to stay below the command-line limit. */
const GOFMT_BATCH = 200

export const runLintStage: StageRunner = async (ctx) => {
  const started = Date.now()
  const result = emptyStageResult('lint')
  const version = ctx.options.lint.version
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
      programNotStartedFailure('golangci-lint', 'lint', run.spawnError, `Tried to run ${binary.path}.`)
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
  const outcome = judgeGolangciRun({
    version: binary.version,
    exitCode: run.exitCode,
    signal: run.signal,
    tail: run.tail,
    issuesExitCode: issuesExitCode(options.lint.args),
    workingDirectory: options.workingDirectory,
    report,
    unreadable
  })
  result.notes.push(...outcome.notes)
  addFindings(result, outcome.findings)
  result.failures.unshift(...outcome.leading)
  if (outcome.rawTail) result.rawTail = outcome.rawTail
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
  const vetFailure = vet.spawnError
    ? programNotStartedFailure('go vet', 'lint', vet.spawnError, '')
    : vetRunFailure(vet.exitCode, vet.tail, vetFindings)
  if (vetFailure) {
    if (!vet.spawnError) result.rawTail = vet.tail
    result.failures.push(vetFailure)
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
