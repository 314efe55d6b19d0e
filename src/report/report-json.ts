// The run's machine-readable result, `go-gate/report/v1` (docs/report-schema.md): the RunReport
// as it is, in an envelope that names its schema. The action writes it to the `report-file`
// path, a shard uploads it, the merge job reads every shard's back. The reader checks what the
// merge relies on and refuses any other schema with a sentence, never a half-read report.
import type { CoverageModule } from '../model/coverage.js'
import { ROOT_CAUSE_KINDS, type RunReport, STAGE_NAMES } from '../model/report.js'

export const REPORT_SCHEMA = 'go-gate/report/v1'

export interface ReportFile {
  schema: typeof REPORT_SCHEMA
  report: RunReport
  /** The Go modules the coverage profile's file names belong to; `dir` relative to the repository root. */
  modules?: CoverageModule[]
}

export class ReportFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ReportFileError'
  }
}

/** The report as `go-gate/report/v1` JSON, one object, ending in a newline. */
export function serializeReport(report: RunReport, modules?: CoverageModule[]): string {
  const file: ReportFile = { schema: REPORT_SCHEMA, report, ...(modules ? { modules } : {}) }
  return `${JSON.stringify(file)}\n`
}

/** Reads `go-gate/report/v1` JSON; `source` names it in errors (a file, a shard). Throws ReportFileError. */
export function readReportJson(text: string, source: string): ReportFile {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new ReportFileError(
      `${source} is not JSON (${(error as Error).message}); expected a go-gate report.`
    )
  }
  if (!isObject(value) || typeof value.schema !== 'string') {
    throw new ReportFileError(`${source} is not a go-gate report: it has no "schema": "${REPORT_SCHEMA}".`)
  }
  if (value.schema !== REPORT_SCHEMA) {
    throw new ReportFileError(
      `${source} has schema ${JSON.stringify(value.schema)}, and this go-gate reads only ${REPORT_SCHEMA}: run the same go-gate version in the shards and in the merge job.`
    )
  }
  const problem = reportProblem(value.report)
  if (problem) throw new ReportFileError(`${source} is not a valid ${REPORT_SCHEMA} report: ${problem}.`)
  if (value.modules !== undefined && !validModules(value.modules)) {
    throw new ReportFileError(
      `${source} is not a valid ${REPORT_SCHEMA} report: "modules" must be a list of {"path", "dir"} strings.`
    )
  }
  return value as unknown as ReportFile
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function validModules(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every((m) => isObject(m) && typeof m.path === 'string' && typeof m.dir === 'string')
  )
}

const COUNTS = ['passed', 'failed', 'skipped'] as const

function countsProblem(value: unknown, where: string): string | undefined {
  if (!isObject(value)) return `${where} is missing`
  for (const name of COUNTS) {
    const n = value[name]
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return `${where}.${name} is not a count`
  }
  return undefined
}

function failuresProblem(value: unknown, where: string): string | undefined {
  if (!Array.isArray(value)) return `${where} is not a list`
  for (const [i, f] of value.entries()) {
    if (!isObject(f)) return `${where}[${i}] is not an object`
    if (!(ROOT_CAUSE_KINDS as readonly unknown[]).includes(f.kind))
      return `${where}[${i}].kind ${JSON.stringify(f.kind)} is not a root-cause kind`
    if (typeof f.title !== 'string' || typeof f.message !== 'string')
      return `${where}[${i}] has no title or message`
    if (f.severity !== 'error' && f.severity !== 'warning' && f.severity !== 'notice')
      return `${where}[${i}].severity is not error, warning or notice`
  }
  return undefined
}

/** What in a report the readers rely on and is not there; undefined when it is all there. */
function reportProblem(value: unknown): string | undefined {
  if (!isObject(value)) return '"report" is missing'
  if (value.result !== 'success' && value.result !== 'failure')
    return '"report.result" is not success or failure'
  if (typeof value.workingDirectory !== 'string') return '"report.workingDirectory" is missing'
  const counts = countsProblem(value.tests, 'report.tests')
  if (counts) return counts
  const setup = failuresProblem(value.setupFailures, 'report.setupFailures')
  if (setup) return setup
  if (!Array.isArray(value.stages)) return '"report.stages" is not a list'
  for (const [i, s] of value.stages.entries()) {
    const where = `report.stages[${i}]`
    if (!isObject(s)) return `${where} is not an object`
    if (!(STAGE_NAMES as readonly unknown[]).includes(s.stage)) return `${where}.stage is not a stage`
    if (s.status !== 'passed' && s.status !== 'failed' && s.status !== 'skipped')
      return `${where}.status is not passed, failed or skipped`
    const problem =
      failuresProblem(s.failures, `${where}.failures`) ??
      failuresProblem(s.notices, `${where}.notices`) ??
      (Array.isArray(s.notes) ? undefined : `${where}.notes is not a list`) ??
      (s.tests === undefined ? undefined : countsProblem(s.tests, `${where}.tests`))
    if (problem) return problem
  }
  if (value.shard !== undefined) {
    const shard = isObject(value.shard) ? value.shard.shard : undefined
    if (
      !isObject(shard) ||
      !Number.isInteger(shard.index) ||
      !Number.isInteger(shard.count) ||
      (shard.index as number) < 1 ||
      (shard.index as number) > (shard.count as number)
    )
      return '"report.shard.shard" is not {"index", "count"} with 1 <= index <= count'
  }
  return undefined
}
