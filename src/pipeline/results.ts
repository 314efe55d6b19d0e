// A run's result as files: the report as `go-gate/report/v1` JSON, the unit stage's raw coverage
// profile beside it, the package timings, and JUnit XML where junit-file asks. A shard uploads
// this folder as it is; the merge reads the same names back.
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { CoverageModule } from '../model/coverage.js'
import type { RunReport } from '../model/report.js'
import type { Options } from '../options.js'
import { renderJunit } from '../report/junit.js'
import { serializeReport } from '../report/report-json.js'
import { serializeTimings, timingsFromReport } from '../shard/timings.js'
import { pathInside } from '../text/paths.js'
import { listModules } from './go.js'

/** The files of a run's result, in its results folder and in a shard's artifact. */
export const RESULT_FILES = {
  report: 'report.json',
  /** The unit stage's coverage profile as go test wrote it. */
  profile: 'coverage.out',
  timings: 'timings.json'
} as const

export interface WrittenResults {
  /** Absolute path of report.json. */
  reportFile: string
  /** Every file of the results folder, report first. */
  files: string[]
}

/**
 * Writes report.json and timings.json into `resultsDir` (which already holds the coverage
 * profile when the unit stage wrote one), and the JUnit file when options ask for it.
 */
export async function writeRunResults(
  report: RunReport,
  options: Pick<Options, 'workspace' | 'moduleDir' | 'junitFile'>,
  resultsDir: string,
  env: NodeJS.ProcessEnv
): Promise<WrittenResults> {
  const profile = path.join(resultsDir, RESULT_FILES.profile)
  const hasProfile = existsSync(profile)
  // The profile names files by import path: the merge maps them through the modules, without Go.
  const modules = hasProfile ? await repositoryModules(options, env) : undefined
  const reportFile = path.join(resultsDir, RESULT_FILES.report)
  await writeFile(reportFile, serializeReport(report, modules))
  const timings = path.join(resultsDir, RESULT_FILES.timings)
  await writeFile(timings, serializeTimings(timingsFromReport(report)))
  if (options.junitFile !== '') await writeJunitFile(options.junitFile, report)
  return { reportFile, files: [reportFile, timings, ...(hasProfile ? [profile] : [])] }
}

/** Writes the report as JUnit XML at `file` (absolute), its folder made when missing. */
export async function writeJunitFile(file: string, report: RunReport): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, renderJunit(report))
}

async function repositoryModules(
  options: Pick<Options, 'workspace' | 'moduleDir'>,
  env: NodeJS.ProcessEnv
): Promise<CoverageModule[]> {
  const modules = await listModules(options.moduleDir, { env }).catch(() => [])
  return modules.flatMap((m) => {
    const dir = pathInside(options.workspace, m.dir)
    return dir === undefined ? [] : [{ path: m.path, dir: dir === '' ? '.' : dir }]
  })
}
