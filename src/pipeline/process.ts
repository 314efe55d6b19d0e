// Child processes for the stages: each in its own process group, so a timeout,
// fail-fast or a cancelled job stops the whole tree (go test and its test binaries).
import { type ChildProcess, spawn } from 'node:child_process'
import { LineSplitter, LineTail } from '../text/lines.js'

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
  // A line's `\r` stays in the tail as before; a line over the limit is cut there, marked with ….
  const splitOptions = { maxLineChars: MAX_TAIL_LINE_CHARS, keepCarriageReturn: true }
  const stdoutLines = new LineSplitter((line, truncated) => tail.push(line, truncated), splitOptions)
  const stderrLines = new LineSplitter((line, truncated) => tail.push(line, truncated), splitOptions)

  const child = spawn(file, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so the whole tree can be stopped together.
    detached: process.platform !== 'win32'
  })
  const stopper = new GroupStopper(child, options)

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
      stopper.closed()
      stdoutLines.end()
      stderrLines.end()
      resolve({
        command,
        exitCode: code,
        signal: sig,
        timedOut: stopper.timedOut,
        aborted: stopper.aborted,
        stopped: stopper.stopped,
        durationMs: Date.now() - started,
        tail: tail.lines(),
        spawnError
      })
    })
  })
  return { result, stop: () => stopper.stop() }
}

/**
 * Stops a child's process group on a timeout, an abort or a call to stop(): SIGTERM,
 * then SIGKILL after a grace period, and remembers why it stopped it.
 */
class GroupStopper {
  timedOut = false
  aborted = false
  stopped = false
  private finished = false
  private terminating = false
  private killTimer: NodeJS.Timeout | undefined
  private readonly timer: NodeJS.Timeout | undefined
  private readonly onAbort = () => {
    this.aborted = true
    this.terminate()
  }

  constructor(
    private readonly child: ChildProcess,
    private readonly options: Pick<RunOptions, 'timeoutMs' | 'signal'>
  ) {
    if (options.timeoutMs && options.timeoutMs > 0) {
      this.timer = setTimeout(() => {
        this.timedOut = true
        this.terminate()
      }, options.timeoutMs)
    }
    if (options.signal) {
      if (options.signal.aborted) this.onAbort()
      else options.signal.addEventListener('abort', this.onAbort, { once: true })
    }
  }

  /** Stops the group on the caller's request (fail-fast). */
  stop(): void {
    this.stopped = true
    this.terminate()
  }

  /** The child closed: timers and listeners go, and nothing of a stopped group stays behind. */
  closed(): void {
    this.finished = true
    if (this.timer) clearTimeout(this.timer)
    if (this.killTimer) clearTimeout(this.killTimer)
    // go may exit on SIGTERM before a test binary that ignores it: leave nothing of the group behind.
    if (this.terminating && process.platform !== 'win32') this.killGroup('SIGKILL')
    this.options.signal?.removeEventListener('abort', this.onAbort)
  }

  private terminate(): void {
    if (this.finished) return
    this.terminating = true
    this.killGroup('SIGTERM')
    this.killTimer ??= setTimeout(() => this.killGroup('SIGKILL'), KILL_GRACE_MS)
  }

  private killGroup(sig: NodeJS.Signals): void {
    const pid = this.child.pid
    if (pid === undefined) return
    try {
      if (process.platform === 'win32') this.child.kill(sig)
      else process.kill(-pid, sig)
    } catch {
      // already gone
    }
  }
}

/** Runs a command to the end and keeps its whole output (for short commands like `go env`). */
export async function runCapturingOutput(
  file: string,
  args: readonly string[],
  options: Omit<RunOptions, 'onStdout' | 'onStderr'> & { maxBytes?: number }
): Promise<ProcessResult & { stdout: string; stderr: string; stdoutCut: boolean }> {
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
    stderr: Buffer.concat(err).toString('utf8'),
    /** stdout went past maxBytes: what is kept is not all of it. */
    stdoutCut: outBytes > max
  }
}
