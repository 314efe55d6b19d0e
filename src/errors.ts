import type { Failure, RootCauseKind, StageName } from './model/report.js'

/** An error that knows which root-cause kind it is. */
export class GateError extends Error {
  readonly kind: RootCauseKind
  constructor(kind: RootCauseKind, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'GateError'
    this.kind = kind
  }
}

/**
 * The one place an unknown thrown value becomes a message. An Error without a message (the Azure
 * storage client's RestError for an HTTP error with an empty body) is named by its class and
 * HTTP status instead, never an empty string.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    if (error.message) return error.message
    const status = (error as { statusCode?: unknown }).statusCode
    const http = typeof status === 'number' ? `HTTP ${status}, ` : ''
    return `${error.name || 'Error'} (${http}no message)`
  }
  if (typeof error === 'string') return error
  try {
    return JSON.stringify(error)
  } catch {
    return String(error)
  }
}

/** The kind of an unknown thrown value: a GateError's own, otherwise internal-error. */
export function errorKind(error: unknown): RootCauseKind {
  return error instanceof GateError ? error.kind : 'internal-error'
}

/** A program go-gate needs could not be started at all (ENOENT, EACCES): the toolchain, not the code. */
export function programNotStartedFailure(
  program: string,
  stage: StageName,
  error: Error,
  message: string = error.message
): Failure {
  return {
    kind: 'toolchain',
    stage,
    severity: 'error',
    title: `${program} could not be started: ${error.message}`,
    message
  }
}
