// The edge every @actions/cache call goes through: its log captured (the only
// way to tell a fault from a miss), and a deadline past which the call is
// abandoned. Used by the restore (cache.ts) and the save (post.ts).
import { connect } from 'node:net'
import * as core from '@actions/core'
import { errorMessage } from '../errors.js'
import type { Reporter } from '../pipeline/context.js'

export interface ActionsLogLine {
  level: 'debug' | 'info' | 'notice' | 'warning' | 'error'
  message: string
}

function unescapeCommandData(text: string): string {
  return text.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%')
}

/** Splits a line of @actions/core output into its level and message. */
export function parseActionsLogLine(line: string): ActionsLogLine {
  const m = /^::(debug|notice|warning|error)(?: [^:]*)?::(.*)$/.exec(line)
  if (!m) return { level: 'info', message: line }
  return { level: m[1] as ActionsLogLine['level'], message: unescapeCommandData(m[2]) }
}

/** What @actions/cache logs when a call fails: the lines an abandoned call may still write later. */
const LATE_FAULT = /^::(?:warning|error)::((?:Failed to restore|Failed to save|You've hit a rate limit).*)$/s

export interface ActionsLogCapture {
  /** Stops capturing and restores stdout. */
  stop(): void
  /**
   * Stops capturing but, until `done` settles, keeps turning the fault warnings of an abandoned call
   * (LATE_FAULT) into plain lines, so one fault gives one warning. Everything else passes untouched.
   */
  stopAfter(done: Promise<unknown>): void
}

/**
 * Routes what @actions/* write to stdout through `sink` until stop(). @actions/cache reports
 * its faults only by logging them (restoreCache returns undefined for a miss and for an outage
 * alike, and logs a 5xx as ::error::), so this is the one way to tell a fault from a miss and to
 * turn its error annotations into one warning. Writes made from inside `sink` pass straight through.
 */
export function captureActionsLog(sink: (line: ActionsLogLine) => void): ActionsLogCapture {
  const stdout = process.stdout
  const original = stdout.write
  const passOn = (...args: unknown[]) => (original as (...a: unknown[]) => boolean).apply(stdout, args)
  let mode: 'capture' | 'filter' | 'off' = 'capture'
  let inSink = false
  let pending = ''
  const deliver = (line: string) => {
    // Other workflow commands (add-mask for the signed URLs, group) are for the runner: pass them on.
    if (/^::(?!(?:debug|notice|warning|error)[ :])[a-z-]+(?: [^:]*)?::/.test(line)) {
      passOn(`${line}\n`)
      return
    }
    inSink = true
    try {
      sink(parseActionsLogLine(line))
    } finally {
      inSink = false
    }
  }
  const write = function (this: unknown, chunk: unknown, ...rest: unknown[]): boolean {
    if (mode === 'off' || inSink) return passOn(chunk, ...rest)
    if (mode === 'filter') {
      const late = typeof chunk === 'string' ? LATE_FAULT.exec(chunk) : null
      return late
        ? passOn(`go-gate: an abandoned cache call ended: ${late[1]}`, ...rest)
        : passOn(chunk, ...rest)
    }
    pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
      const line = pending.slice(0, nl).replace(/\r$/, '')
      pending = pending.slice(nl + 1)
      deliver(line)
    }
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined
    callback?.()
    return true
  }
  stdout.write = write as typeof stdout.write
  const flush = () => {
    if (pending !== '') deliver(pending)
    pending = ''
  }
  const stop = () => {
    if (mode === 'off') return
    flush()
    mode = 'off'
    if (stdout.write === (write as typeof stdout.write)) stdout.write = original
  }
  return {
    stop,
    stopAfter(done) {
      if (mode !== 'capture') return
      flush()
      mode = 'filter'
      done.then(stop, stop)
    }
  }
}

export interface CacheCallResult<T> {
  /** The call's value; undefined when it threw or ran out of time. */
  value?: T
  timedOut: boolean
  /** Warnings and errors @actions/cache logged, and what it threw. */
  faults: string[]
  /**
   * Info lines that report a refused save ("Failed to save: ... another job may be creating this cache").
   * @actions/cache says that for any failed reservation; the cause is in `reserveError`.
   */
  refusals: string[]
  /** Why the reservation failed, from the debug line @actions/cache writes ("Failed to reserve cache: ..."). */
  reserveError?: string
  /** Archive size @actions/cache logged ("Cache Size: ~N MB (B B)" on restore, "File Size: B" on save). */
  archiveBytes?: number
  /** The error of the latest failed attempt @actions/cache retried ("Attempt 2 of 5 failed with error: ..."). */
  lastRetryError?: string
  /** The call's promise, still running when timedOut. */
  late: Promise<T | undefined>
}

/**
 * Runs one @actions/cache call with its log captured and a deadline. Past the deadline the call is
 * abandoned (it cannot be cancelled; the caller decides what that means) and timedOut is set.
 */
export async function callCache<T>(
  call: () => Promise<T>,
  timeoutMs: number,
  reporter: Reporter
): Promise<CacheCallResult<T>> {
  const faults: string[] = []
  const refusals: string[] = []
  let reserveError: string | undefined
  let archiveBytes: number | undefined
  let lastRetryError: string | undefined
  const capture = captureActionsLog((line) => {
    if (line.level === 'warning' || line.level === 'error') {
      faults.push(line.message)
      return
    }
    // v2's Twirp client says it at info level, v1's retry at debug level ("getCacheEntry - Attempt ...").
    const retry =
      /Attempt \d+ of \d+ failed with error: (.*?)(?:\. Retrying request in \d+ ms\.\.\.)?$/s.exec(
        line.message
      )
    if (retry) lastRetryError = retry[1].replace(/\s+/g, ' ').trim()
    const size = /^Cache Size: .*\((\d+) B\)/.exec(line.message) ?? /^File Size: (\d+)$/.exec(line.message)
    if (size) archiveBytes = Number(size[1])
    if (line.level === 'debug') {
      const reserve = /^Failed to reserve cache: (?:Error: )?(.*)$/s.exec(line.message)
      if (reserve) reserveError = reserve[1]
      if (core.isDebug()) core.debug(line.message)
      return
    }
    // @actions/cache blames "another job" for any refused reservation; the caller says the real reason instead.
    if (/^Failed to save: /.test(line.message)) {
      refusals.push(line.message.replace(/^Failed to save: /, ''))
      return
    }
    if (line.message.trim() !== '') reporter.info(line.message)
  })
  let timer: NodeJS.Timeout | undefined
  const late = Promise.resolve()
    .then(call)
    .then(
      (value) => ({ value }),
      (error: unknown) => ({ error })
    )
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs)
  })
  let abandoned = false
  try {
    const outcome = await Promise.race([late, deadline])
    if (outcome === 'timeout') {
      abandoned = true
      return {
        timedOut: true,
        faults,
        refusals,
        reserveError,
        archiveBytes,
        lastRetryError,
        late: late.then((o) => ('value' in o ? o.value : undefined))
      }
    }
    if ('error' in outcome) faults.push(errorMessage(outcome.error))
    const value = 'value' in outcome ? outcome.value : undefined
    return {
      value,
      timedOut: false,
      faults,
      refusals,
      reserveError,
      archiveBytes,
      lastRetryError,
      late: Promise.resolve(undefined)
    }
  } finally {
    clearTimeout(timer)
    if (abandoned) {
      capture.stopAfter(late)
      abandonedCalls.add(late)
      late.finally(() => abandonedCalls.delete(late))
    } else capture.stop()
  }
}

/** Calls given up on that have not ended yet: @actions/cache cannot cancel them. */
const abandonedCalls = new Set<Promise<unknown>>()

/**
 * Settles once every call abandoned so far has ended. The action never waits for them (its
 * process exits); a test does, so a retry still in flight does not outlive the test file.
 */
export async function abandonedCallsEnded(): Promise<void> {
  await Promise.allSettled([...abandonedCalls])
}

/** How long to wait for the cache service to accept a connection before calling it. */
export const PROBE_TIMEOUT_MS = 10_000

/**
 * Opens (and closes) one TCP connection to the cache service: undefined when it accepts, else why
 * not. @actions/cache retries a refused connection (v2: 5 attempts over about 25 s, v1: 2 attempts
 * 5 s apart) and then blames "another job"; one refused connect says the real reason at once.
 */
export function probeCacheService(url: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<string | undefined> {
  let target: URL
  try {
    target = new URL(url)
  } catch {
    return Promise.resolve(`the cache service URL ${JSON.stringify(url)} is not a URL`)
  }
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80)
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1')
  const where = `the cache service at ${target.origin}`
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const done = (reason: string | undefined) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(reason)
    }
    const timer = setTimeout(
      () => done(`${where} did not accept a connection within ${Math.round(timeoutMs / 1000)}s`),
      timeoutMs
    )
    socket.once('connect', () => done(undefined))
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done(`${where} refused the connection (${error.code ?? errorMessage(error)})`)
    )
  })
}
