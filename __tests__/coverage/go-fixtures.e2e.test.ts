// Real profiles from real `go test` runs on the fixture modules, checked against
// `go tool cover -func`'s total line.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { readCoverageProfile } from '../../src/coverage/read.js'
import type { CoverageModule, CoverageReport } from '../../src/model/coverage.js'
import { go } from './go.js'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const fixtures = path.join(repoRoot, '__tests__/fixtures')
let work: string

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'coverage-fixtures-'))
})
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

/** `go list -m -json` prints one object per module, back to back. */
async function listModules(cwd: string): Promise<CoverageModule[]> {
  const out = await go(['list', '-m', '-json'], cwd)
  const modules = JSON.parse(`[${out.replace(/}\s*{/g, '},{')}]`) as { Path: string; Dir: string }[]
  return modules.map((m) => ({ path: m.Path, dir: m.Dir }))
}

function funcTotal(output: string): string {
  const match = /^total:\s+\(statements\)\s+(\d+\.\d)%$/m.exec(output)
  if (!match) throw new Error(`no total line in:\n${output}`)
  return match[1]
}

interface Run {
  profile: string
  goTotal: string
  report: CoverageReport
}

async function coverRun(
  fixture: string,
  name: string,
  testArgs: string[],
  exclude: string[] = []
): Promise<Run> {
  const cwd = path.join(fixtures, fixture)
  const profile = path.join(work, `${name}.out`)
  await go(['test', `-coverprofile=${profile}`, ...testArgs], cwd)
  const goTotal = funcTotal(await go(['tool', 'cover', `-func=${profile}`], cwd))
  const report = await readCoverageProfile(profile, { repoRoot, modules: await listModules(cwd), exclude })
  return { profile, goTotal, report }
}

describe('coverage-multi: several packages, one without tests', () => {
  it.each([
    ['set', []],
    ['set-coverpkg', ['-coverpkg=./...']],
    ['count-coverpkg', ['-covermode=count', '-coverpkg=./...']],
    ['atomic', ['-covermode=atomic']]
  ])('%s: the total equals go tool cover -func', async (name, flags) => {
    const { goTotal, report } = await coverRun('coverage-multi', `multi-${name}`, [
      ...(flags as string[]),
      './...'
    ])
    expect(report.percentText).toBe(goTotal)
    expect(report.mode).toBe(name.split('-')[0])
    expect(report.files.every((f) => f.file.startsWith('__tests__/fixtures/coverage-multi/'))).toBe(true)
  })

  it('-coverpkg merges each package once per test binary and lists the untested package at 0%', async () => {
    const { report } = await coverRun('coverage-multi', 'multi-detail', ['-coverpkg=./...', './...'])
    const untested = report.packages.find((p) => p.importPath === 'example.com/coverage-multi/untested')
    expect(untested).toMatchObject({ covered: 0, percent: 0 })
    expect(untested?.statements).toBeGreaterThan(0)
    expect(report.packages[0].percent).toBe(0)
    // calc is covered by its own tests and, through Shout → Clamp, by strutil's.
    const calc = report.files.find((f) => f.file === '__tests__/fixtures/coverage-multi/calc/calc.go')
    expect(calc).toMatchObject({ importPath: 'example.com/coverage-multi/calc/calc.go', uncoveredBlocks: 2 })
    // The divide-by-zero branch; its block starts at the `{` of the marked line.
    const lines = readFileSync(path.join(fixtures, 'coverage-multi/calc/calc.go'), 'utf8').split('\n')
    const marked = lines.findIndex((l) => l.includes('// coverage: first uncovered block'))
    expect(calc?.firstUncovered).toEqual({
      line: marked + 1,
      col: lines[marked].indexOf('{') + 1,
      endLine: marked + 3
    })
  })

  it('excluding generated code changes the total and counts the file', async () => {
    const { report } = await coverRun(
      'coverage-multi',
      'multi-exclude',
      ['-coverpkg=./...', './...'],
      ['**/*.pb.go']
    )
    expect(report.excludedFiles).toBe(1)
    expect(report.files.some((f) => f.file.endsWith('.pb.go'))).toBe(false)
    const { report: all } = await coverRun('coverage-multi', 'multi-all', ['-coverpkg=./...', './...'])
    const pb = all.files.find((f) => f.file.endsWith('gen/gen.pb.go'))
    expect(report.statements).toBe(all.statements - (pb?.statements ?? Number.NaN))
  })
})

describe('coverage-nested: a module in svc/ under the root module (go.work)', () => {
  it.each([
    ['set-coverpkg', ['-coverpkg=./...,./svc/...']],
    ['count', ['-covermode=count']]
  ])('%s: the total equals go tool cover -func, files map into svc/', async (name, flags) => {
    const { goTotal, report } = await coverRun('coverage-nested', `nested-${name}`, [
      ...(flags as string[]),
      './...',
      './svc/...'
    ])
    expect(report.percentText).toBe(goTotal)
    expect(report.files.map((f) => f.file).sort()).toEqual([
      '__tests__/fixtures/coverage-nested/greet/greet.go',
      '__tests__/fixtures/coverage-nested/svc/handler/handler.go',
      '__tests__/fixtures/coverage-nested/svc/store/store.go'
    ])
    expect(report.packages.map((p) => p.importPath).sort()).toEqual([
      'example.com/coverage-nested/greet',
      'example.com/coverage-nested/svc/handler',
      'example.com/coverage-nested/svc/store'
    ])
  })

  it('without the svc module in the list, its files are outside the module', async () => {
    const cwd = path.join(fixtures, 'coverage-nested')
    const profile = path.join(work, 'nested-outside.out')
    await go(['test', `-coverprofile=${profile}`, './...', './svc/...'], cwd)
    const rootOnly = (await listModules(cwd)).filter((m) => m.path === 'example.com/coverage-nested')
    // The root module's path is a prefix of svc's import paths, so the svc files map into it...
    const report = await readCoverageProfile(profile, { repoRoot, modules: rootOnly, exclude: [] })
    expect(report.files.map((f) => f.file)).toContain('__tests__/fixtures/coverage-nested/svc/store/store.go')
    // ...while a module list that does not cover them at all is an error at their first line.
    // (go test writes the packages' blocks in the order they finish: read which file is first.)
    const firstFile = readFileSync(profile, 'utf8')
      .split('\n')[1]
      .replace(/:[^:]*$/, '')
    const other = [{ path: 'example.com/other', dir: cwd }]
    await expect(readCoverageProfile(profile, { repoRoot, modules: other, exclude: [] })).rejects.toThrow(
      `coverage profile ${profile} line 2: file "${firstFile}" is outside the module (module example.com/other)`
    )
  })
})

describe('where the gate and go tool cover -func differ by design', () => {
  it('counts statements of package-level function literals, as go test does; -func skips them', async () => {
    // -func totals only blocks inside function declarations (it needs the source to know);
    // go test's own "coverage: N%" line counts every block of the profile, and so does the gate.
    const dir = mkdtempSync(path.join(work, 'funclit-'))
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/funclit\n\ngo 1.22\n')
    writeFileSync(
      path.join(dir, 'x.go'),
      'package x\n\nvar F = func(a int) int {\n\tif a > 0 {\n\t\treturn 1\n\t}\n\treturn 2\n}\n\nfunc G() int { return 3 }\n'
    )
    writeFileSync(
      path.join(dir, 'x_test.go'),
      'package x\n\nimport "testing"\n\nfunc TestG(t *testing.T) { G() }\n'
    )
    const profile = path.join(dir, 'c.out')
    const testOut = await go(['test', `-coverprofile=${profile}`, '.'], dir)
    const goTestPercent = /coverage: (\d+\.\d)% of statements/.exec(testOut)?.[1]
    const report = await readCoverageProfile(profile, {
      repoRoot: dir,
      modules: [{ path: 'example.com/funclit', dir }],
      exclude: []
    })
    expect(report.percentText).toBe(goTestPercent)
    expect(report.percentText).toBe('25.0')
    expect(funcTotal(await go(['tool', 'cover', `-func=${profile}`], dir))).toBe('100.0')
  })
})
