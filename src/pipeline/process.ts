// Child processes for the stages: each in its own process group, so a timeout,
// fail-fast or a cancelled job stops the whole tree (go test and its test binaries).
import { spawn } from 'node:child_process'
import { ChunkLines, LineTail } from '../text/lines.js'

export interface RunOptions {
  cwd: string
  env?: NodeJS.ProcessEnv
  /** Stop the process group after this many milliseconds (0: never). */
  timeoutMs?: number
  signal?: AbortSignal
  onStdout?: (chunk: Buffer) => void
  onStderr?: (chunk: Buffer) => void
  /** Lines of combined output kept for reports (the tail). */
  tailLines?: number
}

export interface ProcessResult {
  command: string
  exitCode: number | null
  signal: NodeJS.Signals | null
  timedOut: boolean
  aborted: boolean
  /** Stopped through the handle (fail-fast). */
  stopped: boolean
  durationMs: number
  /** The last lines of stdout and stderr together. */
  tail: string[]
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  spawnError?: NodeJS.ErrnoException
}

export interface RunningProcess {
  result: Promise<ProcessResult>
  /** Stops the process group; the result says stopped. */
  stop(): void
}

/** Characters of one line kept in the tail. */
const MAX_TAIL_LINE_CHARS = 4096

/** Milliseconds between SIGTERM and SIGKILL when a process group is stopped. */
const KILL_GRACE_MS = 3000

/** Quotes an argument for display only. */
export function displayCommand(file: string, args: readonly string[]): string {
  return [file, ...args]
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ')
}

export function startProcess(file: string, args: readonly string[], options: RunOptions): RunningProcess {
  const started = Date.now()
  const command = displayCommand(file, args)
  // One tail for both streams, each decoded on its own so a character split across chunks stays whole.
  const tail = new LineTail(options.tailLines ?? 60, MAX_TAIL_LINE_CHARS)
  const stdoutLines = new ChunkLines((line) => tail.push(line), MAX_TAIL_LINE_CHARS)
  const stderrLines = new ChunkLines((line) => tail.push(line), MAX_TAIL_LINE_CHARS)
  let timedOut = false
  let aborted = false
  let stopped = false
  let killTimer: NodeJS.Timeout | undefined
  let finished = false

  const child = spawn(file, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so the whole tree can be stopped together.
    detached: process.platform !== 'win32'
  })

  let terminating = false
  const killGroup = (sig: NodeJS.Signals) => {
    if (child.pid === undefined) return
    try {
      if (process.platform === 'win32') child.kill(sig)
      else process.kill(-child.pid, sig)
    } catch {
      // already gone
    }
  }
  const terminate = () => {
    if (finished) return
    terminating = true
    killGroup('SIGTERM')
    killTimer ??= setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS)
  }

  const timer =
    options.timeoutMs && options.timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true
          terminate()
        }, options.timeoutMs)
      : undefined
  const onAbort = () => {
    aborted = true
    terminate()
  }
  if (options.signal) {
    if (options.signal.aborted) onAbort()
    else options.signal.addEventListener('abort', onAbort, { once: true })
  }

  child.stdout?.on('data', (chunk: Buffer) => {
    stdoutLines.push(chunk)
    options.onStdout?.(chunk)
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrLines.push(chunk)
    options.onStderr?.(chunk)
  })

  const result = new Promise<ProcessResult>((resolve) => {
    let spawnError: NodeJS.ErrnoException | undefined
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error
    })
    child.on('close', (code, sig) => {
      finished = true
      if (timer) clearTimeout(timer)
      if (killTimer) clearTimeout(killTimer)
      // go may exit on SIGTERM before a test binary that ignores it: leave nothing of the group behind.
      if (terminating && process.platform !== 'win32') killGroup('SIGKILL')
      options.signal?.removeEventListener('abort', onAbort)
      stdoutLines.end()
      stderrLines.end()
      resolve({
        command,
        exitCode: code,
        signal: sig,
        timedOut,
        aborted,
        stopped,
        durationMs: Date.now() - started,
        tail: tail.lines(),
        spawnError
      })
    })
  })
  return {
    result,
    stop() {
      stopped = true
      terminate()
    }
  }
}

/** Runs a command to the end and keeps its whole output (for short commands like `go env`). */
export async function runCapturingOutput(
  file: string,
  args: readonly string[],
  options: Omit<RunOptions, 'onStdout' | 'onStderr'> & { maxBytes?: number }
): Promise<ProcessResult & { stdout: string; stderr: string }> {
  const max = options.maxBytes ?? 64 << 20
  const out: Buffer[] = []
  const err: Buffer[] = []
  let outBytes = 0
  let errBytes = 0
  const running = startProcess(file, args, {
    ...options,
    onStdout: (chunk) => {
      if (outBytes < max) out.push(chunk)
      outBytes += chunk.length
    },
    onStderr: (chunk) => {
      if (errBytes < max) err.push(chunk)
      errBytes += chunk.length
    }
  })
  const result = await running.result
  return {
    ...result,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8')
  }
}
