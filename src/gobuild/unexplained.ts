// The failure of a go command whose output the core could not explain: never
// green when go said red. Used after `go test` and `go build` found nothing to name.
import { isDependencyError, isToolchainError } from '../gomod/errors.js'
import type { Failure, StageName } from '../model/report.js'
import { messageTail } from '../text/lines.js'

export interface UnexplainedRun {
  /** The go command, as the title names it. */
  command: 'go test' | 'go build'
  stage: StageName
  exitCode: number | null
  /** The last lines the process printed (stdout and stderr). */
  tail: readonly string[]
  /** Lines of a `go test -json` stream that were not JSON (printed before any test ran). */
  rawLines?: readonly string[]
}

/**
 * A go command failed and nothing in its output was explained: a toolchain or dependency
 * error when its words say so, otherwise a failure that says go-gate cannot tell why.
 */
export function unexplainedGoFailure(run: UnexplainedRun): Failure {
  const raw = run.rawLines ?? []
  const tail = [...run.tail]
  const all = [...raw, ...tail]
  const text = all.join('\n')
  const known = isToolchainError(text) ? 'toolchain' : isDependencyError(text) ? 'dependency' : undefined
  const base = { stage: run.stage, severity: 'error' as const, message: messageTail(tail), output: tail }
  if (known) {
    const firstGoLine = all.find((l) => /^go: |^-race|^# |: /.test(l)) ?? tail.find((l) => l.trim() !== '')
    return {
      ...base,
      kind: known,
      title: `${run.command} could not run: ${firstGoLine ?? `exit status ${run.exitCode}`}`
    }
  }
  const status = run.exitCode ?? 'unknown'
  return run.command === 'go build'
    ? {
        ...base,
        kind: 'build-error',
        title: `go build exited with status ${status} and printed no error go-gate could read`
      }
    : {
        ...base,
        kind: 'package-failure',
        title: `go test exited with status ${status} and go-gate could not tell why; the raw output follows`
      }
}
