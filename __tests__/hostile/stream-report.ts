// What the hostile tests feed and check: a RunReport made from raw stream bytes
// the way `go-gate analyze` makes it (reader → explain → one unit stage → root
// cause), and the oracle that says which streams must never come out green.
import { MAX_LINE_BYTES } from '../../src/gotest/lines.js'
import { PathResolver, type SourceIndex } from '../../src/gotest/locate.js'
import { TestJsonReader } from '../../src/gotest/reader.js'
import { stageResultFromTestRun } from '../../src/gotest/stage-result.js'
import type { RunReport } from '../../src/model/report.js'
import { settleRunResult } from '../../src/pipeline/verdict.js'

export interface StreamInput {
  /** stdout, in the chunks it arrives in. */
  stdout: (Uint8Array | string)[]
  /** stderr, in chunks; read after stdout like a saved run. */
  stderr?: (Uint8Array | string)[]
}

export const EMPTY_INDEX: SourceIndex = { repoRoot: '/repo', commandDir: '/repo', packages: new Map() }

/** Reads, explains and reports a stream as `go-gate analyze` does (src/cli/commands.ts analyzeSaved). */
export function reportFromStream(input: StreamInput, index: SourceIndex = EMPTY_INDEX): RunReport {
  const reader = new TestJsonReader()
  for (const chunk of input.stdout) reader.pushStdout(chunk)
  for (const chunk of input.stderr ?? []) reader.pushStderr(chunk)
  const run = reader.finish()
  const { result: unit } = stageResultFromTestRun(run, new PathResolver(index), 'unit')
  if (run.incomplete.length > 0)
    unit.notes.push(`The stream ended before ${run.incomplete.length} package(s) finished.`)
  const report: RunReport = {
    result: 'success',
    stages: [unit],
    setupFailures: [],
    tests: run.counts,
    durationMs: 0,
    workingDirectory: '.'
  }
  return settleRunResult(report)
}

export interface Verdict {
  /** A `fail` or `build-fail` event is in the stream. */
  failEvent: boolean
  /** A package started and got no pass, fail or skip of its own. */
  unfinished: string[]
}

/**
 * What a stream says about itself, read independently of the reader: lines as
 * the bytes split at `\n` (invalid UTF-8 replaced, as any reader must), each a
 * JSON object or not. Lines over MAX_LINE_BYTES are not events (test2json never
 * writes one; the reader cuts them).
 */
export function judgeStream(input: StreamInput): Verdict {
  const text = Buffer.concat(
    input.stdout.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c))
  ).toString('utf8')
  let failEvent = false
  const started = new Set<string>()
  const ended = new Set<string>()
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (line.length > MAX_LINE_BYTES) continue
    const start = line.indexOf('{')
    if (start < 0 || start > 3) continue
    let event: unknown
    try {
      event = JSON.parse(line.slice(start))
    } catch {
      continue
    }
    if (event === null || typeof event !== 'object' || Array.isArray(event)) continue
    const e = event as Record<string, unknown>
    if (e.Action === 'fail' || e.Action === 'build-fail') failEvent = true
    // No Package (test2json run on a test binary without -p) is one unnamed package;
    // a field of the wrong type is no field.
    const pkg = typeof e.Package === 'string' ? e.Package : ''
    if (e.Action === 'start') started.add(pkg)
    // A Test that is not a string is no test: the event is the package's own.
    if ((e.Action === 'pass' || e.Action === 'fail' || e.Action === 'skip') && typeof e.Test !== 'string')
      ended.add(pkg)
  }
  return { failEvent, unfinished: [...started].filter((p) => !ended.has(p)) }
}

/** Lines of a stream as strings (a recorded stream is UTF-8 JSON lines). */
export function streamLines(bytes: Buffer): string[] {
  const lines = bytes.toString('utf8').split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}
