// The coverage baseline a push to the default branch leaves in the cache, and a pull request's
// coverage compared with it: total and per-package delta, and the coverage-drop-max gate.
// Pure: the adapter reads the event and talks to the cache service.

import { createHash } from 'node:crypto'
import { GateError } from '../errors.js'
import type { CoverageBaseline, CoverageComparison, CoverageReport } from '../model/coverage.js'
import type { Failure, StageName } from '../model/report.js'
import { coveragePercent, formatCoverageGap, formatCoveragePercent } from './percent.js'
import { excludeMatcher } from './summarize.js'

/** The cache record's name (a file-name-safe word) and the version of its keys. */
export const BASELINE_RECORD_NAME = 'coverage-baseline'
const KEY_VERSION = 'go-gate-coverage-v1'

/**
 * The restore prefix of a working directory's baselines on one branch. The hash covers both, so no
 * branch's prefix is a prefix of another's (`main-` would otherwise match `main-2-...`); the branch
 * is also written out so the cache list reads. Keys match case-insensitively: the hash is lower-case.
 */
export function baselineKeyPrefix(workingDirectory: string, branch: string): string {
  const hash = createHash('sha256').update(`${workingDirectory}\u0000${branch}`).digest('hex').slice(0, 16)
  // Cache keys may not hold commas; keep the readable part short and plain.
  const readable = branch.replace(/[^\w./-]+/g, '_').slice(0, 60)
  return `${KEY_VERSION}-${readable}-${hash}-`
}

/** Keys are immutable: one per commit, restored by prefix (the newest wins). */
export function baselineKey(workingDirectory: string, branch: string, sha: string): string {
  return `${baselineKeyPrefix(workingDirectory, branch)}${sha}`
}

export function baselineFromReport(
  report: CoverageReport,
  meta: { branch: string; sha: string; workingDirectory: string }
): CoverageBaseline {
  const files: Record<string, [number, number]> = {}
  for (const f of report.files) files[f.file] = [f.covered, f.statements]
  return {
    schema: 1,
    branch: meta.branch,
    sha: meta.sha,
    workingDirectory: meta.workingDirectory,
    statements: report.statements,
    covered: report.covered,
    files
  }
}

/** Reads a stored baseline; a string says why it cannot be used. */
export function parseCoverageBaseline(text: string): CoverageBaseline | string {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return 'the stored baseline is not JSON'
  }
  const b = value as Partial<CoverageBaseline> | null
  if (b === null || typeof b !== 'object') return 'the stored baseline is not an object'
  if (b.schema !== 1)
    return `the stored baseline has schema ${JSON.stringify(b.schema)}; this go-gate reads 1`
  if (typeof b.branch !== 'string' || typeof b.sha !== 'string' || typeof b.files !== 'object' || !b.files)
    return 'the stored baseline lacks its branch, commit or files'
  for (const entry of Object.values(b.files)) {
    if (!Array.isArray(entry) || entry.length !== 2 || !entry.every((n) => Number.isInteger(n) && n >= 0))
      return 'the stored baseline has a file entry that is not [covered, statements]'
  }
  return b as CoverageBaseline
}

/** Parses coverage-drop-max: points, decimals allowed; empty is off (undefined). */
export function parseCoverageDropMax(raw: string, name = 'Input "coverage-drop-max"'): number | undefined {
  const text = raw.trim()
  if (text === '') return undefined
  if (!/^(?:\d+(?:\.\d*)?|\.\d+)$/.test(text) || !(Number(text) <= 100)) {
    throw new GateError(
      'invalid-input',
      `${name} is ${JSON.stringify(raw)}; expected the most percentage points total coverage may fall against the base branch, from 0 to 100 (decimals allowed), such as 0.5 or 2, or empty for no limit.`
    )
  }
  return Number(text)
}

/** Points with their sign, one decimal, a true minus sign: `+0.3`, `−1.4`, `±0.0`. */
export function formatCoverageDelta(delta: number): string {
  const text = Math.abs(delta).toFixed(1)
  if (text === '0.0') return '±0.0'
  return delta > 0 ? `+${text}` : `\u2212${text}`
}

/** `main@abc1234`: how the summary names the baseline. */
export function baselineLabel(base: { branch: string; sha: string }): string {
  return `${base.branch}@${base.sha.slice(0, 7)}`
}

/**
 * This run against the base branch's baseline. The baseline's files are filtered by this run's
 * coverage-exclude, so a changed exclude list does not show as a delta. Packages are matched by
 * folder; a package only the baseline has is named by its repository folder.
 */
export function compareCoverage(
  report: CoverageReport,
  baseline: CoverageBaseline,
  opts: { exclude: string[]; dropMax?: number }
): CoverageComparison {
  const isExcluded = excludeMatcher(opts.exclude)
  const baseByDir = new Map<string, [number, number]>()
  let baseCovered = 0
  let baseStatements = 0
  for (const [file, [covered, statements]] of Object.entries(baseline.files)) {
    if (isExcluded(file)) continue
    baseCovered += covered
    baseStatements += statements
    const dir = folderOf(file)
    const sum = baseByDir.get(dir) ?? [0, 0]
    sum[0] += covered
    sum[1] += statements
    baseByDir.set(dir, sum)
  }
  const basePercent = coveragePercent(baseCovered, baseStatements)
  // This run's folders → package import paths, from its files.
  const packageOfDir = new Map<string, string>()
  for (const f of report.files) packageOfDir.set(folderOf(f.file), folderOf(f.importPath) || '.')
  const baseOfPackage = new Map<string, [number, number]>()
  const gone: NonNullable<CoverageComparison['packages']> = []
  for (const [dir, sum] of baseByDir) {
    const pkg = packageOfDir.get(dir)
    if (pkg === undefined) {
      if (sum[1] > 0) gone.push({ importPath: dir === '' ? '.' : dir, percent: 0, basePercent: pct(sum) })
      continue
    }
    const acc = baseOfPackage.get(pkg) ?? [0, 0]
    acc[0] += sum[0]
    acc[1] += sum[1]
    baseOfPackage.set(pkg, acc)
  }
  const packages: NonNullable<CoverageComparison['packages']> = []
  for (const p of report.packages) {
    if (p.statements === 0) continue
    const base = baseOfPackage.get(p.importPath)
    if (base === undefined || base[1] === 0) {
      packages.push({ importPath: p.importPath, percent: p.percent })
      continue
    }
    const bp = pct(base)
    packages.push({ importPath: p.importPath, percent: p.percent, basePercent: bp, delta: p.percent - bp })
  }
  // Biggest drop first, then rises, then new packages; gone packages last.
  packages.sort(
    (a, b) =>
      (a.delta === undefined ? 1 : 0) - (b.delta === undefined ? 1 : 0) ||
      (a.delta ?? 0) - (b.delta ?? 0) ||
      (a.importPath < b.importPath ? -1 : 1)
  )
  const comparison: CoverageComparison = {
    base: { branch: baseline.branch, sha: baseline.sha, percent: basePercent },
    delta: report.percent - basePercent,
    packages: [...packages, ...gone.sort((a, b) => (a.importPath < b.importPath ? -1 : 1))]
  }
  if (opts.dropMax !== undefined) comparison.dropMax = opts.dropMax
  return comparison
}

function pct(sum: [number, number]): number {
  return coveragePercent(sum[0], sum[1])
}

function folderOf(file: string): string {
  const cut = file.lastIndexOf('/')
  return cut < 0 ? '' : file.slice(0, cut)
}

// Percentages are doubles: a drop of exactly the limit must not fail by a rounding error.
const EPSILON = 1e-9

/** The coverage-drop-max gate: fails when the total fell by more than dropMax points. */
export function coverageDropGate(
  report: CoverageReport,
  comparison: CoverageComparison,
  stage: StageName
): Failure | undefined {
  const { base, delta, dropMax } = comparison
  if (base === undefined || delta === undefined || dropMax === undefined) return undefined
  if (-delta <= dropMax + EPSILON) return undefined
  const fell = formatCoverageGap(-delta)
  const label = baselineLabel(base)
  return {
    kind: 'coverage-below-threshold',
    stage,
    severity: 'error',
    coverageGate: 'drop',
    title: `Coverage fell ${fell} points against ${label} (${formatCoveragePercent(base.percent)}% to ${report.percentText}%), more than coverage-drop-max ${dropMax}`,
    message: `Total coverage ${report.percentText}% against ${formatCoveragePercent(base.percent)}% on ${label}: down ${fell} points; coverage-drop-max allows ${dropMax}.`
  }
}
