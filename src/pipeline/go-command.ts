// A go command for a stage (go mod ..., go build): its output echoed line by
// line to the log as it comes, and kept for explaining a failure.
import type { StageContext } from './context.js'
import { displayCommand, type ProcessResult, startProcess } from './process.js'

export interface GoCommandResult extends ProcessResult {
  stdout: string
  stderr: string
}

/** Output kept per stream; go mod and go build say little, a diff of a large go.sum can say more. */
const MAX_KEPT_BYTES = 8 << 20

export async function runGoCommand(
  ctx: StageContext,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; echo?: boolean } = {}
): Promise<GoCommandResult> {
  const command = displayCommand('go', args)
  ctx.reporter.info(`$ ${command}`)
  const kept = { stdout: [] as Buffer[], stderr: [] as Buffer[] }
  const sizes = { stdout: 0, stderr: 0 }
  const pending = { stdout: '', stderr: '' }
  const take = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    if (sizes[stream] < MAX_KEPT_BYTES) kept[stream].push(chunk)
    sizes[stream] += chunk.length
    if (options.echo === false) return
    const lines = (pending[stream] + chunk.toString('utf8')).split('\n')
    pending[stream] = lines.pop() ?? ''
    for (const line of lines) ctx.reporter.output(line)
  }
  const running = startProcess('go', args, {
    cwd: ctx.options.moduleDir,
    env: options.env ?? ctx.env,
    signal: ctx.signal,
    onStdout: take('stdout'),
    onStderr: take('stderr')
  })
  const result = await running.result
  if (options.echo !== false) {
    for (const rest of [pending.stdout, pending.stderr]) if (rest !== '') ctx.reporter.output(rest)
  }
  return {
    ...result,
    stdout: Buffer.concat(kept.stdout).toString('utf8'),
    stderr: Buffer.concat(kept.stderr).toString('utf8')
  }
}
