import { CoverageProfileError } from '../../src/coverage/errors.js'
import { ProfileFileResolver } from '../../src/coverage/modules.js'
import { summarizeCoverage } from '../../src/coverage/summarize.js'
import type { CoverageBlock, CoverageOptions } from '../../src/model/coverage.js'

const repoRoot = '/repo'
const opts: CoverageOptions = { repoRoot, modules: [{ path: 'example.com/m', dir: '/repo' }], exclude: [] }

function block(file: string, startLine: number, numStmt: number, count: number, startCol = 2): CoverageBlock {
  return { file, startLine, startCol, endLine: startLine + 1, endCol: 3, numStmt, count }
}

function summaryError(blocks: CoverageBlock[], options: CoverageOptions): CoverageProfileError {
  try {
    summarizeCoverage({ mode: 'set', blocks, profile: 'cover.out' }, options)
  } catch (err) {
    if (err instanceof CoverageProfileError) return err
    throw err
  }
  throw new Error('expected a CoverageProfileError')
}

describe('totals', () => {
  it('weights by statements per file, per package and overall', () => {
    const report = summarizeCoverage(
      {
        mode: 'count',
        profile: 'cover.out',
        blocks: [
          block('example.com/m/a/a.go', 1, 3, 2),
          block('example.com/m/a/a.go', 5, 1, 0),
          block('example.com/m/a/b.go', 1, 2, 0),
          block('example.com/m/c/c.go', 1, 4, 1),
          block('example.com/m/c/c.go', 9, 0, 0) // an empty function: no statements, nothing to cover
        ]
      },
      opts
    )
    expect(report).toMatchObject({
      mode: 'count',
      statements: 10,
      covered: 7,
      percent: 70,
      percentText: '70.0'
    })
    expect(report.packages).toEqual([
      { importPath: 'example.com/m/a', statements: 6, covered: 3, percent: 50 },
      { importPath: 'example.com/m/c', statements: 4, covered: 4, percent: 100 }
    ])
    expect(report.files).toEqual([
      {
        file: 'a/b.go',
        importPath: 'example.com/m/a/b.go',
        statements: 2,
        covered: 0,
        uncoveredBlocks: 1,
        firstUncovered: { line: 1, col: 2, endLine: 2 }
      },
      {
        file: 'a/a.go',
        importPath: 'example.com/m/a/a.go',
        statements: 4,
        covered: 3,
        uncoveredBlocks: 1,
        firstUncovered: { line: 5, col: 2, endLine: 6 }
      },
      { file: 'c/c.go', importPath: 'example.com/m/c/c.go', statements: 4, covered: 4, uncoveredBlocks: 0 }
    ])
    expect(report.profile).toBe('cover.out')
  })

  it('gives 0% for a profile without statements, as go tool cover -func prints it', () => {
    const report = summarizeCoverage({ mode: 'set', blocks: [] }, opts)
    expect(report).toMatchObject({
      statements: 0,
      covered: 0,
      percent: 0,
      percentText: '0.0',
      packages: [],
      files: []
    })
  })

  it('points at the uncovered block that starts first, whatever the profile order', () => {
    const report = summarizeCoverage(
      {
        mode: 'set',
        blocks: [
          block('example.com/m/a.go', 20, 1, 0),
          block('example.com/m/a.go', 7, 1, 0, 9),
          block('example.com/m/a.go', 7, 1, 0, 4)
        ]
      },
      opts
    )
    expect(report.files[0]).toMatchObject({
      file: 'a.go',
      uncoveredBlocks: 3,
      firstUncovered: { line: 7, col: 4, endLine: 8 }
    })
    expect(report.packages).toEqual([{ importPath: 'example.com/m', statements: 3, covered: 0, percent: 0 }])
  })

  it('ranks packages by percent, files by uncovered statements, ties by name', () => {
    const report = summarizeCoverage(
      {
        mode: 'set',
        blocks: [
          block('example.com/m/z/z.go', 1, 2, 0),
          block('example.com/m/y/y.go', 1, 2, 0),
          block('example.com/m/y/y.go', 3, 2, 1),
          block('example.com/m/x/x.go', 1, 8, 0),
          block('example.com/m/x/x.go', 3, 8, 1),
          block('example.com/m/w/w.go', 1, 0, 0)
        ]
      },
      opts
    )
    expect(report.packages.map((p) => `${p.importPath} ${p.percent}`)).toEqual([
      'example.com/m/z 0',
      'example.com/m/x 50',
      'example.com/m/y 50',
      'example.com/m/w 0' // no statements: last
    ])
    // y and z both miss 2 statements; z misses all of its own, so it comes first.
    expect(report.files.map((f) => f.file)).toEqual(['x/x.go', 'z/z.go', 'y/y.go', 'w/w.go'])
  })
})

describe('excludes', () => {
  const blocks = [
    block('example.com/m/api/v1/api.pb.go', 1, 10, 0),
    block('example.com/m/internal/mocks/store.go', 1, 5, 0),
    block('example.com/m/internal/store/zz_generated.deepcopy.go', 1, 5, 0),
    block('example.com/m/internal/store/store.go', 1, 4, 1),
    block('example.com/m/internal/store/store.go', 5, 1, 0),
    block('example.com/m/.gen/x.go', 1, 1, 0)
  ]

  it('drops files matching the globs over repository-relative paths', () => {
    const report = summarizeCoverage(
      { mode: 'set', blocks },
      { ...opts, exclude: ['**/*.pb.go', '**/mocks/**', '**/zz_generated*.go', '  ', './.gen/**'] }
    )
    expect(report.excludedFiles).toBe(4)
    expect(report.files.map((f) => f.file)).toEqual(['internal/store/store.go'])
    expect(report).toMatchObject({ statements: 5, covered: 4, percent: 80, percentText: '80.0' })
    expect(report.packages.map((p) => p.importPath)).toEqual(['example.com/m/internal/store'])
  })

  it('matches paths from the repository root, not the module root', () => {
    const nested = {
      repoRoot,
      modules: [{ path: 'example.com/m', dir: '/repo/service/api' }],
      exclude: ['service/api/internal/**']
    }
    const report = summarizeCoverage({ mode: 'set', blocks }, nested)
    expect(report.files.map((f) => f.file).sort()).toEqual([
      'service/api/.gen/x.go',
      'service/api/api/v1/api.pb.go'
    ])
    expect(report.excludedFiles).toBe(3)
  })

  it('excluding everything leaves 0 of 0 statements', () => {
    const report = summarizeCoverage({ mode: 'set', blocks }, { ...opts, exclude: ['**'] })
    expect(report).toMatchObject({
      statements: 0,
      percentText: '0.0',
      excludedFiles: 5,
      files: [],
      packages: []
    })
  })
})

describe('mapping profile files to repository files', () => {
  const modules = [
    { path: 'example.com/mono', dir: '/repo' },
    { path: 'example.com/mono/svc', dir: '/repo/service/api' },
    { path: 'example.com/mono/svc/v2', dir: '/repo/service/api/v2' }
  ]
  const resolver = new ProfileFileResolver('/repo', modules)

  it('uses the longest module path that is followed by a slash', () => {
    expect(resolver.resolve('example.com/mono/tool/main.go')).toEqual({
      file: 'tool/main.go',
      importPath: 'example.com/mono/tool/main.go'
    })
    expect(resolver.resolve('example.com/mono/svc/internal/x/y.go')).toEqual({
      file: 'service/api/internal/x/y.go',
      importPath: 'example.com/mono/svc/internal/x/y.go'
    })
    expect(resolver.resolve('example.com/mono/svc/v2/h.go')).toMatchObject({ file: 'service/api/v2/h.go' })
    // svcx is not svc: the module path must end at a slash.
    expect(resolver.resolve('example.com/mono/svcx/a.go')).toMatchObject({ file: 'svcx/a.go' })
  })

  it('takes an absolute name inside the repository as a file of the module holding it', () => {
    expect(resolver.resolve('/repo/service/api/cmd/main.go')).toEqual({
      file: 'service/api/cmd/main.go',
      importPath: 'example.com/mono/svc/cmd/main.go'
    })
    expect(new ProfileFileResolver('/repo', []).resolve('/repo/x/y.go')).toEqual({
      file: 'x/y.go',
      importPath: 'x/y.go'
    })
  })

  it('rejects names outside every module or outside the repository', () => {
    expect(resolver.resolve('golang.org/x/tools/a.go')).toMatch(/is outside the module/)
    expect(resolver.resolve('/elsewhere/a.go')).toMatch(
      /is outside the module: it is not inside the repository \/repo/
    )
    expect(resolver.resolve('./a.go')).toMatch(/relative/)
    expect(
      new ProfileFileResolver('/repo', [{ path: 'example.com/o', dir: '/other' }]).resolve(
        'example.com/o/a.go'
      )
    ).toMatch(/outside the repository/)
  })

  it('a subfolder module: packages are grouped under their own import paths', () => {
    const report = summarizeCoverage(
      {
        mode: 'set',
        blocks: [block('example.com/mono/svc/h/h.go', 1, 2, 1), block('example.com/mono/lib/l.go', 1, 2, 0)]
      },
      { repoRoot: '/repo', modules, exclude: [] }
    )
    expect(report.files.map((f) => f.file)).toEqual(['lib/l.go', 'service/api/h/h.go'])
    expect(report.packages.map((p) => p.importPath)).toEqual([
      'example.com/mono/lib',
      'example.com/mono/svc/h'
    ])
  })

  it('a file outside the module is an error naming the profile and the line where it first appears', () => {
    const err = summaryError(
      [
        block('example.com/m/a.go', 1, 1, 1),
        block('example.org/other/b.go', 1, 1, 1),
        block('example.org/other/b.go', 3, 1, 1)
      ],
      opts
    )
    expect(err.problem).toBe('outside-module')
    expect(err.line).toBe(3) // line 1 is the mode line
    expect(err.message).toBe(
      'coverage profile cover.out line 3: file "example.org/other/b.go" is outside the module (module example.com/m); ' +
        "run go test from the module's directory or list its module"
    )
  })
})
