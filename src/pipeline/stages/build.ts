// The build stage: `go build [build-flags] <build-packages>`. `go build ./...`
// compiles and links every package and discards the results; with build-output
// the binaries of main packages are written there (`-o <dir>/`).
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { programNotStartedFailure } from '../../errors.js'
import { explainBuildOutput } from '../../gobuild/explain.js'
import { unexplainedGoFailure } from '../../gobuild/unexplained.js'
import { PathResolver } from '../../gotest/locate.js'
import type { StageResult } from '../../model/report.js'
import { splitLines } from '../../text/lines.js'
import { pathInside } from '../../text/paths.js'
import { emptyStageResult, type StageRunner } from '../context.js'
import { type CommandResult, runGoCommand } from '../go-command.js'
import { displayCommand } from '../process.js'

export const runBuildStage: StageRunner = async (ctx) => {
  const { options } = ctx
  const result: StageResult = emptyStageResult('build')
  const packages = options.build.packages.length > 0 ? options.build.packages : ['./...']
  // build-output is a folder of the workspace, like every path the workflow's later steps read.
  const outDir =
    options.build.output !== '' ? path.resolve(options.workspace, options.build.output) : undefined
  if (outDir) await mkdir(outDir, { recursive: true })
  // A trailing separator makes -o a folder: one binary per main package, non-main packages only compiled.
  const outputArgs = outDir ? ['-o', `${outDir}${path.sep}`] : []
  let args = ['build', ...options.build.flags, ...outputArgs, ...packages]
  result.command = displayCommand('go', args)
  let run = await runGoCommand(ctx, args)
  if (ctx.signal.aborted) return result

  if (outDir && run.exitCode !== 0 && outputLines(run).some((l) => l === 'go: no main packages to build')) {
    // -o refuses a package list without a main package; build them without it.
    result.notes.push(`build-output: no main package among ${packages.join(' ')}, so no binary was written.`)
    args = ['build', ...options.build.flags, ...packages]
    result.command = displayCommand('go', args)
    run = await runGoCommand(ctx, args)
    if (ctx.signal.aborted) return result
  } else if (outDir && run.exitCode === 0) {
    result.notes.push(
      `Binaries of the main packages were written to ${(pathInside(options.workspace, outDir) ?? outDir) || '.'}/.`
    )
  }
  if (run.exitCode === 0) return result

  result.status = 'failed'
  if (run.spawnError) {
    result.failures.push(programNotStartedFailure('go', 'build', run.spawnError))
    return result
  }
  const resolver = new PathResolver({
    repoRoot: options.workspace,
    commandDir: options.moduleDir,
    packages: new Map()
  })
  result.failures.push(...explainBuildOutput(outputLines(run), resolver, 'build'))
  if (result.failures.length === 0) {
    result.rawTail = run.tail
    result.failures.push(
      unexplainedGoFailure({ command: 'go build', stage: 'build', exitCode: run.exitCode, tail: run.tail })
    )
  }
  return result
}

/** What go build printed, errors first, a line each. */
function outputLines(run: CommandResult): string[] {
  return splitLines(`${run.stderr}\n${run.stdout}`)
}
