// The tidy stage: `go mod download` (retried on network trouble), `go mod verify`,
// then whether go.mod and go.sum are tidy: `go mod tidy -diff` on Go 1.23+, else
// tidy a copy of go.mod/go.sum (-modfile) and diff it. The repository's files
// are never written: download and verify run on a scratch copy too, since
// `go mod download` adds go.sum lines and would hide the very drift we look for.
import { copyFile, mkdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { programNotStartedFailure } from '../../errors.js'
import { unifiedDiff } from '../../gomod/diff.js'
import { explainTidyDiff } from '../../gomod/drift.js'
import { isTransientModuleError } from '../../gomod/errors.js'
import { parseModDirectives } from '../../gomod/modfile.js'
import { dependencyFailure, driftFailure, type GoModFile } from '../../gomod/tidy-failure.js'
import { goAtLeast } from '../../gomod/version.js'
import type { Failure, StageResult } from '../../model/report.js'
import { formatDuration } from '../../text/duration.js'
import { fileInside } from '../../text/paths.js'
import { sleepUnlessAborted } from '../../text/sleep.js'
import { emptyStageResult, type StageContext, type StageRunner } from '../context.js'
import { type CommandResult, runGoCommand } from '../go-command.js'
import { displayCommand } from '../process.js'

export interface TidyStageSettings {
  /** Pauses before the second and third try of a command that failed on network trouble. */
  retryDelaysMs: readonly number[]
}

const DEFAULT_SETTINGS: TidyStageSettings = { retryDelaysMs: [2000, 6000] }

export function createTidyStage(settings: TidyStageSettings = DEFAULT_SETTINGS): StageRunner {
  return (ctx) => runTidy(ctx, settings)
}

export const runTidyStage: StageRunner = createTidyStage()

interface ModuleFiles extends GoModFile {
  /** -modfile arguments pointing at a scratch copy, or [] in workspace mode (where go refuses -modfile). */
  scratchArgs: string[]
}

async function runTidy(ctx: StageContext, settings: TidyStageSettings): Promise<StageResult> {
  const result = emptyStageResult('tidy')
  const files = await prepareModuleFiles(ctx, 'download')
  if (files.scratchArgs.length === 0) {
    result.notes.push(
      'go.work is in use, so go mod download and verify ran on the module itself (go refuses -modfile in workspace mode).'
    )
  }

  const download = await runWithRetries(ctx, result, ['mod', 'download', ...files.scratchArgs], settings)
  if (ctx.signal.aborted) return result
  if (download.exitCode !== 0) return fail(result, commandFailure('go mod download', download, files))

  result.command = displayCommand('go', ['mod', 'verify'])
  const verify = await runGoCommand(ctx, ['mod', 'verify', ...files.scratchArgs])
  if (ctx.signal.aborted) return result
  if (verify.exitCode !== 0) return fail(result, commandFailure('go mod verify', verify, files))

  const check = goAtLeast(ctx.go.GOVERSION, 1, 23)
    ? await tidyDiff(ctx, result, settings)
    : await tidyCopy(ctx, result, settings)
  if (ctx.signal.aborted || !check) return result
  if ('error' in check) return fail(result, commandFailure('go mod tidy', check.error, files))
  if (check.diff === '') return result

  result.diff = check.diff
  const drift = explainTidyDiff(check.diff, files.directives)
  return fail(result, driftFailure(drift, files))
}

/** A go mod command that failed: go that could not be started, or a module that cannot be had. */
function commandFailure(what: string, run: CommandResult, files: ModuleFiles): Failure {
  return run.spawnError
    ? programNotStartedFailure('go', 'tidy', run.spawnError)
    : dependencyFailure(what, run, files)
}

function fail(result: StageResult, failure: Failure): StageResult {
  result.status = 'failed'
  result.failures.push(failure)
  return result
}

/** Copies go.mod and go.sum into a scratch folder so go can write there instead of the repository. */
async function prepareModuleFiles(ctx: StageContext, name: string): Promise<ModuleFiles> {
  const goMod = path.join(ctx.options.moduleDir, 'go.mod')
  const directives = parseModDirectives(await readFile(goMod, 'utf8'))
  const goModFile = fileInside(ctx.options.workspace, goMod) ?? goMod
  if (ctx.go.GOWORK !== '' && ctx.go.GOWORK !== 'off') return { goModFile, directives, scratchArgs: [] }
  const dir = path.join(ctx.tempDir, `tidy-${name}`)
  await mkdir(dir, { recursive: true })
  await copyFile(goMod, path.join(dir, 'go.mod'))
  await copyFile(path.join(ctx.options.moduleDir, 'go.sum'), path.join(dir, 'go.sum')).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error
    }
  )
  return { goModFile, directives, scratchArgs: [`-modfile=${path.join(dir, 'go.mod')}`] }
}

/** Runs a go command, trying again after a pause while it fails on network trouble only. */
async function runWithRetries(
  ctx: StageContext,
  result: StageResult,
  args: string[],
  settings: TidyStageSettings,
  env?: NodeJS.ProcessEnv
): Promise<CommandResult> {
  const tries = settings.retryDelaysMs.length + 1
  const shown = displayCommand(
    'go',
    args.filter((a) => !a.startsWith('-modfile='))
  )
  result.command = shown
  for (let attempt = 1; ; attempt++) {
    const run = await runGoCommand(ctx, args, { env })
    if (run.exitCode === 0 || ctx.signal.aborted) {
      if (attempt > 1 && run.exitCode === 0)
        result.notes.push(`\`${shown}\` succeeded on try ${attempt} of ${tries} after network errors.`)
      return run
    }
    // Errors come on stderr; stdout may hold a diff, which is no error.
    if (!isTransientModuleError(run.stderr) || attempt >= tries) {
      if (attempt > 1)
        result.notes.push(
          `\`${shown}\` failed ${attempt} times on network errors; gave up after try ${attempt} of ${tries}.`
        )
      return run
    }
    const delay = settings.retryDelaysMs[attempt - 1]
    ctx.reporter.info(
      `go-gate: \`${shown}\` failed on a network error; try ${attempt + 1} of ${tries} in ${formatDuration(delay)}.`
    )
    await sleepUnlessAborted(delay, ctx.signal)
    if (ctx.signal.aborted) return run
  }
}

type TidyCheck = { diff: string } | { error: CommandResult }

/** Go 1.23+: `go mod tidy -diff` prints the diff and exits 1 when the module is not tidy. */
async function tidyDiff(
  ctx: StageContext,
  result: StageResult,
  settings: TidyStageSettings
): Promise<TidyCheck | undefined> {
  const run = await runWithRetries(ctx, result, ['mod', 'tidy', '-diff'], settings)
  if (ctx.signal.aborted) return undefined
  if (run.exitCode === 0) return { diff: '' }
  // The diff comes on stdout; errors (a module that cannot be found) on stderr, with no diff.
  if (/^--- /m.test(run.stdout)) return { diff: run.stdout }
  return { error: run }
}

/** Before Go 1.23: tidy a copy of go.mod and go.sum through -modfile and diff the copy. */
async function tidyCopy(
  ctx: StageContext,
  result: StageResult,
  settings: TidyStageSettings
): Promise<TidyCheck | undefined> {
  const dir = path.join(ctx.tempDir, 'tidy-copy')
  await mkdir(dir, { recursive: true })
  const goMod = path.join(ctx.options.moduleDir, 'go.mod')
  const goSum = path.join(ctx.options.moduleDir, 'go.sum')
  const before = { mod: await readFile(goMod, 'utf8'), sum: await readFile(goSum, 'utf8').catch(() => '') }
  await copyFile(goMod, path.join(dir, 'go.mod'))
  if (before.sum !== '') await copyFile(goSum, path.join(dir, 'go.sum'))
  // -modfile is refused in workspace mode; tidy works on the one module anyway.
  const env = { ...ctx.env, GOWORK: 'off' }
  const run = await runWithRetries(
    ctx,
    result,
    ['mod', 'tidy', `-modfile=${path.join(dir, 'go.mod')}`],
    settings,
    env
  )
  if (ctx.signal.aborted) return undefined
  if (run.exitCode !== 0) return { error: run }
  const after = {
    mod: await readFile(path.join(dir, 'go.mod'), 'utf8'),
    sum: await readFile(path.join(dir, 'go.sum'), 'utf8').catch(() => '')
  }
  // go mod tidy -diff ends each file's diff with a blank line; so does this.
  const diff = [
    unifiedDiff(before.mod, after.mod, 'current/go.mod', 'tidy/go.mod'),
    unifiedDiff(before.sum, after.sum, 'current/go.sum', 'tidy/go.sum')
  ]
    .filter((d) => d !== '')
    .map((d) => `${d}\n`)
    .join('')
  if (diff !== '') for (const line of diff.replace(/\n$/, '').split('\n')) ctx.reporter.output(line)
  return { diff }
}
