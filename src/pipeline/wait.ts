// wait-for: polls services until they answer or a deadline passes. A tcp://
// target answers when a connection opens; http(s):// when a GET returns 2xx or 3xx.
// The request carries the URL's credentials (basic auth); messages name
// `target.shown`, and an error that quotes the URL gets its credentials hidden.
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import type { WaitTarget } from '../options.js'
import { redactUrlCredentials } from '../redact/index.js'
import { sleepUnlessAborted } from '../text/sleep.js'

export interface WaitResult {
  target: WaitTarget
  ok: boolean
  attempts: number
  elapsedMs: number
  /** Why the last attempt failed, when none succeeded. */
  lastError?: string
}

export interface WaitOptions {
  timeoutMs: number
  signal?: AbortSignal
  /** Longest a single attempt may take. */
  attemptTimeoutMs?: number
  /** Called after each failed attempt. */
  onRetry?: (target: WaitTarget, error: string, attempt: number) => void
}

const FIRST_DELAY_MS = 250
const MAX_DELAY_MS = 2000
/** Shortest attempt worth making: less cannot tell a slow service from a dead one. */
const MIN_ATTEMPT_MS = 100

function tryTcp(target: WaitTarget, timeoutMs: number, signal?: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: target.host, port: target.port })
    const finish = (error?: string) => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      socket.destroy()
      resolve(error)
    }
    const onAbort = () => finish('cancelled')
    const timer = setTimeout(() => finish(`no answer within ${timeoutMs}ms`), timeoutMs)
    signal?.addEventListener('abort', onAbort, { once: true })
    socket.once('connect', () => finish())
    socket.once('error', (error: NodeJS.ErrnoException) =>
      finish(error.message || error.code || String(error))
    )
  })
}

function tryHttp(target: WaitTarget, timeoutMs: number, signal?: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve) => {
    const get = target.protocol === 'https' ? https.get : http.get
    let settled = false
    const finish = (error?: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      request.destroy()
      resolve(error)
    }
    const request = get(target.raw, { headers: { 'user-agent': 'go-gate wait-for' } }, (response) => {
      const status = response.statusCode ?? 0
      response.resume()
      finish(
        status >= 200 && status < 400
          ? undefined
          : `HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`
      )
    })
    const onAbort = () => finish('cancelled')
    const timer = setTimeout(() => finish(`no answer within ${timeoutMs}ms`), timeoutMs)
    signal?.addEventListener('abort', onAbort, { once: true })
    request.once('error', (error: NodeJS.ErrnoException) =>
      finish(error.message || error.code || String(error))
    )
  })
}

async function waitForOne(target: WaitTarget, options: WaitOptions, deadline: number): Promise<WaitResult> {
  const started = Date.now()
  let attempts = 0
  let delay = FIRST_DELAY_MS
  let lastError: string | undefined
  for (;;) {
    const left = deadline - Date.now()
    // The first attempt always runs; later ones only with time left to answer.
    if (attempts > 0 && left < MIN_ATTEMPT_MS) break
    const cut = left < (options.attemptTimeoutMs ?? 5000)
    const attemptTimeout = Math.max(MIN_ATTEMPT_MS, Math.min(options.attemptTimeoutMs ?? 5000, left))
    attempts++
    let error =
      target.protocol === 'tcp'
        ? await tryTcp(target, attemptTimeout, options.signal)
        : await tryHttp(target, attemptTimeout, options.signal)
    if (error === undefined) return { target, ok: true, attempts, elapsedMs: Date.now() - started }
    error = redactUrlCredentials(error.split(target.raw).join(target.shown))
    // An attempt the deadline cut short says less than a refusal before it.
    if (!(cut && lastError !== undefined && error.startsWith('no answer within'))) lastError = error
    if (options.signal?.aborted || Date.now() >= deadline) break
    options.onRetry?.(target, error, attempts)
    await sleepUnlessAborted(Math.min(delay, deadline - Date.now()), options.signal)
    delay = Math.min(delay * 2, MAX_DELAY_MS)
    if (options.signal?.aborted) break
  }
  return { target, ok: false, attempts, elapsedMs: Date.now() - started, lastError }
}

/** Polls every target at once until each answers or the shared deadline passes. */
export async function waitForTargets(
  targets: readonly WaitTarget[],
  options: WaitOptions
): Promise<WaitResult[]> {
  const deadline = Date.now() + options.timeoutMs
  return Promise.all(targets.map((t) => waitForOne(t, options, deadline)))
}
