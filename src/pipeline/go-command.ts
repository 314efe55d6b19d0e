// A command a stage runs in the module (go mod ..., go build, golangci-lint,
// gofmt): its output echoed line by line to the log as it comes, and kept for
// explaining a failure.

import type { TestJsonReader } from '../gotest/reader.js'
import { LineSplitter } from '../text/lines.js'
import type { CommandContext, Reporter, StageContext } from './context.js'
import { displayCommand, type ProcessResult, type RunningProcess, startProcess } from './process.js'

export interface CommandResult extends ProcessResult {
  stdout: string
  stderr: string
}

/** Output kept per stream; these tools say little, a diff of a large go.sum can say more. */
const MAX_KEPT_BYTES = 8 << 20

export interface ModuleCommandOptions {
  env?: NodeJS.ProcessEnv
  /** Echo the output to the log (default true). */
  echo?: boolean
  /** Echo stdout too (default true); off when stdout is data, such as a diff to parse. */
  echoStdout?: boolean
  /** Log `$ command` first (default true); off when the caller says it its own way. */
  announce?: boolean
}

export async function runModuleCommand(
  ctx: CommandContext,
  file: string,
  args: readonly string[],
  options: ModuleCommandOptions = {}
): Promise<CommandResult> {
  if (options.announce !== false) ctx.reporter.info(`$ ${displayCommand(file, args)}`)
  const echo = options.echo !== false
  const out = keptLines(ctx.reporter, echo && options.echoStdout !== false)
  const err = keptLines(ctx.reporter, echo)
  const running = startProcess(file, args, {
    cwd: ctx.options.moduleDir,
    env: options.env ?? ctx.env,
    signal: ctx.signal,
    onStdout: out.push,
    onStderr: err.push
  })
  const result = await running.result
  return { ...result, stdout: out.end(), stderr: err.end() }
}

export function runGoCommand(
  ctx: StageContext,
  args: readonly string[],
  options: Omit<ModuleCommandOptions, 'announce'> = {}
): Promise<CommandResult> {
  return runModuleCommand(ctx, 'go', args, options)
}

/** Splits chunks into lines for the log (a character split across chunks stays whole) and keeps the text. */
function keptLines(reporter: Reporter, echo: boolean): { push: (chunk: Buffer) => void; end: () => string } {
  const kept: string[] = []
  let keptBytes = 0
  const keep = (text: string) => {
    if (keptBytes < MAX_KEPT_BYTES) kept.push(text)
    keptBytes += text.length
  }
  // The splitter strips a line's trailing `\r` for the echo; the kept text is the decoded chunks as they came.
  const lines = new LineSplitter((line) => {
    if (echo) reporter.output(line)
  })
  return {
    push(chunk) {
      keep(lines.push(chunk))
    },
    end() {
      keep(lines.end())
      return kept.join('')
    }
  }
}

/**
 * Starts `go test -json ...` (`args` after `go`) in the module: the command goes to the log, stdout and
 * stderr to the reader as they arrive, and the stage's signal stops it.
 */
export function startGoTestJson(
  ctx: StageContext,
  args: string[],
  env: NodeJS.ProcessEnv,
  reader: Pick<TestJsonReader, 'pushStdout' | 'pushStderr'>
): RunningProcess {
  ctx.reporter.info(`$ ${displayCommand('go', args)}`)
  return startProcess('go', args, {
    cwd: ctx.options.moduleDir,
    env,
    signal: ctx.signal,
    onStdout: (chunk) => reader.pushStdout(chunk),
    onStderr: (chunk) => reader.pushStderr(chunk)
  })
}

/** The log shows what the tests printed, not the JSON around it: one log line per output line. */
export function logTestOutput(reporter: Reporter): (text: string) => void {
  return (text) => reporter.output(text.endsWith('\n') ? text.slice(0, -1) : text)
}
