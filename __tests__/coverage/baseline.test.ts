// The baseline's pure parts: the record made from a report, read back and refused when foreign,
// the keys, the delta per total and package, and the coverage-drop-max gate.
import {
  baselineFromReport,
  baselineKey,
  baselineKeyPrefix,
  compareCoverage,
  coverageDropGate,
  formatCoverageDelta,
  parseCoverageBaseline,
  parseCoverageDropMax
} from '../../src/coverage/baseline.js'
import { summarizeCoverage } from '../../src/coverage/summarize.js'
import { GateError } from '../../src/errors.js'
import type { CoverageBlock } from '../../src/model/coverage.js'

const opts = { repoRoot: '/repo', modules: [{ path: 'example.com/m', dir: '/repo' }], exclude: [] }
const block = (file: string, line: number, numStmt: number, count: number): CoverageBlock => ({
  file: `example.com/m/${file}`,
  startLine: line,
  startCol: 1,
  endLine: line + 1,
  endCol: 2,
  numStmt,
  count
})

// main: a/ 8 of 10, b/ 2 of 10, gone/ 1 of 2: 11 of 22 = 50%.
const mainReport = summarizeCoverage(
  {
    mode: 'set',
    blocks: [
      block('a/a.go', 1, 8, 1),
      block('a/a.go', 5, 2, 0),
      block('b/b.go', 1, 2, 1),
      block('b/b.go', 5, 8, 0),
      block('gone/g.go', 1, 1, 1),
      block('gone/g.go', 5, 1, 0)
    ]
  },
  opts
)
// The pull request: a/ 6 of 10, b/ 2 of 10 as before, new/ 2 of 2: 10 of 22 = 45.45…%.
const prReport = summarizeCoverage(
  {
    mode: 'set',
    blocks: [
      block('a/a.go', 1, 6, 1),
      block('a/a.go', 5, 4, 0),
      block('b/b.go', 1, 2, 1),
      block('b/b.go', 5, 8, 0),
      block('new/n.go', 1, 2, 1)
    ]
  },
  opts
)

const baseline = baselineFromReport(mainReport, { branch: 'main', sha: 'abc1234def', workingDirectory: '.' })

describe('the record', () => {
  it('holds per-file counts and no source, and reads back', () => {
    expect(baseline).toEqual({
      schema: 1,
      branch: 'main',
      sha: 'abc1234def',
      workingDirectory: '.',
      statements: 22,
      covered: 11,
      files: { 'a/a.go': [8, 10], 'b/b.go': [2, 10], 'gone/g.go': [1, 2] }
    })
    expect(parseCoverageBaseline(JSON.stringify(baseline))).toEqual(baseline)
    expect(parseCoverageBaseline('{"schema":2}')).toMatch(/schema 2; this go-gate reads 1/)
    expect(parseCoverageBaseline('nope')).toMatch(/not JSON/)
    expect(parseCoverageBaseline(JSON.stringify({ ...baseline, files: { 'a.go': [1] } }))).toMatch(
      /not \[covered, statements\]/
    )
  })

  it('keys are per working directory and branch, unique per commit, and no branch prefixes another', () => {
    expect(baselineKey('.', 'main', 'abc')).toBe(`${baselineKeyPrefix('.', 'main')}abc`)
    expect(baselineKeyPrefix('.', 'main')).toMatch(/^go-gate-coverage-v1-main-[0-9a-f]{16}-$/)
    expect(baselineKey('.', 'main-2', 'abc').startsWith(baselineKeyPrefix('.', 'main'))).toBe(false)
    expect(baselineKeyPrefix('svc', 'main')).not.toBe(baselineKeyPrefix('.', 'main'))
    expect(baselineKeyPrefix('.', 'feat/a,b c')).not.toMatch(/[, ]/)
  })
})

describe('the delta', () => {
  it('total and per package: drops first, then rises and the same, new, then gone', () => {
    const c = compareCoverage(prReport, baseline, { exclude: [], dropMax: 4 })
    expect(c.base).toEqual({ branch: 'main', sha: 'abc1234def', percent: 50 })
    expect(c.delta).toBeCloseTo(1000 / 22 - 50, 10)
    expect(c.dropMax).toBe(4)
    expect(c.packages).toEqual([
      { importPath: 'example.com/m/a', percent: 60, basePercent: 80, delta: -20 },
      { importPath: 'example.com/m/b', percent: 20, basePercent: 20, delta: 0 },
      { importPath: 'example.com/m/new', percent: 100 },
      { importPath: 'gone', percent: 0, basePercent: 50 }
    ])
    expect(formatCoverageDelta(c.delta ?? 0)).toBe('\u22124.5')
    expect(formatCoverageDelta(0.04)).toBe('±0.0')
    expect(formatCoverageDelta(1.25)).toBe('+1.3')
  })

  it("applies this run's coverage-exclude to the baseline", () => {
    const c = compareCoverage(prReport, baseline, { exclude: ['gone/**'] })
    // 10 of 20 = 50% on main without gone/.
    expect(c.base?.percent).toBe(50)
    expect(c.packages?.map((p) => p.importPath)).not.toContain('gone')
  })

  it('the drop gate fails past coverage-drop-max only, exactly at it passes', () => {
    const c = compareCoverage(prReport, baseline, { exclude: [], dropMax: 4 })
    expect(coverageDropGate(prReport, c, 'unit')).toMatchObject({
      kind: 'coverage-below-threshold',
      stage: 'unit',
      coverageGate: 'drop',
      title: 'Coverage fell 4.5 points against main@abc1234 (50.0% to 45.5%), more than coverage-drop-max 4'
    })
    expect(coverageDropGate(prReport, { ...c, dropMax: 4.6 }, 'unit')).toBeUndefined()
    expect(coverageDropGate(prReport, { ...c, dropMax: undefined }, 'unit')).toBeUndefined()
    const same = compareCoverage(mainReport, baseline, { exclude: [], dropMax: 0 })
    expect(coverageDropGate(mainReport, same, 'unit')).toBeUndefined()
  })

  it('coverage-drop-max takes points, decimals allowed, empty for off', () => {
    expect(parseCoverageDropMax('')).toBeUndefined()
    expect(parseCoverageDropMax('0.5')).toBe(0.5)
    expect(parseCoverageDropMax(' 2 ')).toBe(2)
    for (const bad of ['-1', 'abc', '1e2', '101', '2%']) {
      expect(() => parseCoverageDropMax(bad)).toThrow(GateError)
      expect(() => parseCoverageDropMax(bad)).toThrow(
        /Input "coverage-drop-max" is .*expected the most percentage points/
      )
    }
  })
})
