// The layers of src/, checked on every import (README, Architecture). Bottom to top; a file may
// import only from its own layer or lower ones:
//   1 model   src/model/: the run and coverage data types; imports nothing
//   2 base    src/errors.ts, src/constants.ts, src/text/
//   3 core    the pure modules (gotest, coverage, lint, gomod, gobuild, cache, report, redact, shard,
//             merge, event):
//             no @actions/*, no child processes, and none imports report/ but report itself
//   4 options src/options.ts
//   5 pipeline src/pipeline/
//   6 adapters src/github/, src/cli/
//   7 entries src/main.ts, src/post.ts, src/cli.ts
// A file or folder that is in no layer fails the test until it is given one here.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import ts from 'typescript'
import { REPO_ROOT } from './support/runner.js'

const SRC = path.join(REPO_ROOT, 'src')

const LAYERS = ['model', 'base', 'core', 'options', 'pipeline', 'adapters', 'entries'] as const
type Layer = (typeof LAYERS)[number]

/** The layer of each top-level folder or file of src/. */
const PLACES: Record<string, Layer> = {
  model: 'model',
  'errors.ts': 'base',
  'constants.ts': 'base',
  text: 'base',
  gotest: 'core',
  coverage: 'core',
  lint: 'core',
  gomod: 'core',
  gobuild: 'core',
  cache: 'core',
  report: 'core',
  redact: 'core',
  shard: 'core',
  merge: 'core',
  event: 'core',
  'options.ts': 'options',
  pipeline: 'pipeline',
  github: 'adapters',
  cli: 'adapters',
  'main.ts': 'entries',
  'post.ts': 'entries',
  'cli.ts': 'entries'
}

/**
 * Upward imports in the tree today, each to be mended where the code is owned (then delete its line:
 * the test fails on an entry that no longer happens, so the list only shrinks).
 */
const KNOWN_UPWARD = new Set<string>([])

/** Imports no file below the pipeline may make: the core is pure, the adapters own GitHub and processes. */
const EDGE_ONLY = [/^@actions\//, /^(node:)?child_process$/]

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : []
  })
}

/** src-relative path with forward slashes: `gotest/reader.ts`. */
function srcPath(file: string): string {
  return path.relative(SRC, file).split(path.sep).join('/')
}

function placeOf(rel: string): string {
  return rel.split('/')[0]
}

function layerOf(rel: string): Layer | undefined {
  return PLACES[placeOf(rel)]
}

/** Every module a file imports, as written: static, type-only, re-exports and dynamic import(). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
  return info.importedFiles.map((f) => f.fileName)
}

/** The src-relative file a relative import names (`../model/report.js` → `model/report.ts`). */
function resolveImport(from: string, specifier: string): string {
  const target = path.resolve(path.dirname(path.join(SRC, from)), specifier).replace(/\.js$/, '.ts')
  return srcPath(target)
}

interface Edge {
  from: string
  specifier: string
  /** src-relative target, for imports inside src/. */
  to?: string
}

const FILES = sourceFiles(SRC).map(srcPath).sort()
const EDGES: Edge[] = FILES.flatMap((from) =>
  importsOf(path.join(SRC, from)).map((specifier) =>
    specifier.startsWith('.') ? { from, specifier, to: resolveImport(from, specifier) } : { from, specifier }
  )
)

const describeEdge = (e: Edge) => `src/${e.from} imports '${e.specifier}'`

describe('layers of src/', () => {
  test('the check sees the tree: files in every layer, and imports between them', () => {
    const seen = new Set(FILES.map(layerOf))
    for (const layer of LAYERS) expect(seen).toContain(layer)
    expect(EDGES.filter((e) => e.to).length).toBeGreaterThan(100)
    // It resolves the imports it reads: every relative one names a file that exists.
    expect(EDGES.filter((e) => e.to && !FILES.includes(e.to)).map(describeEdge)).toEqual([])
  })

  test('every file of src/ is in a layer', () => {
    expect(FILES.filter((f) => layerOf(f) === undefined).map((f) => `src/${f}`)).toEqual([])
  })

  test('no import runs from a lower layer to a higher one', () => {
    const upward = EDGES.filter((e) => {
      if (!e.to) return false
      const from = layerOf(e.from)
      const to = layerOf(e.to)
      return from !== undefined && to !== undefined && LAYERS.indexOf(to) > LAYERS.indexOf(from)
    })
    expect(
      upward
        .filter((e) => !KNOWN_UPWARD.has(describeEdge(e)))
        .map((e) => `${describeEdge(e)} (${layerOf(e.from)} → ${layerOf(e.to!)})`)
    ).toEqual([])
    // A mended one leaves the list.
    const stillUpward = new Set(upward.map(describeEdge))
    expect([...KNOWN_UPWARD].filter((known) => !stillUpward.has(known))).toEqual([])
  })

  test('the model imports nothing outside src/model/, not even a package', () => {
    const outside = EDGES.filter((e) => layerOf(e.from) === 'model' && !(e.to && placeOf(e.to) === 'model'))
    expect(outside.map(describeEdge)).toEqual([])
  })

  test('no core module imports report/: report renders, it is not the model', () => {
    const intoReport = EDGES.filter(
      (e) => layerOf(e.from) === 'core' && placeOf(e.from) !== 'report' && e.to && placeOf(e.to) === 'report'
    ).map(describeEdge)
    expect(intoReport).toEqual([])
  })

  test('below the pipeline nothing imports @actions/* or child_process', () => {
    const edgeOnly = EDGES.filter((e) => {
      const layer = layerOf(e.from)
      return (
        layer !== undefined &&
        LAYERS.indexOf(layer) < LAYERS.indexOf('pipeline') &&
        EDGE_ONLY.some((re) => re.test(e.specifier))
      )
    }).map(describeEdge)
    expect(edgeOnly).toEqual([])
  })
})

describe('the checks catch what they are for', () => {
  // The rules above on imports that break them, so a check that can no longer fail is noticed.
  test('an upward import and an import of report/ from the core are seen', () => {
    expect(resolveImport('gotest/reader.ts', '../pipeline/run.js')).toBe('pipeline/run.ts')
    expect(LAYERS.indexOf(layerOf('pipeline/run.ts')!)).toBeGreaterThan(
      LAYERS.indexOf(layerOf('gotest/reader.ts')!)
    )
    expect(placeOf(resolveImport('coverage/gate.ts', '../report/summary.js'))).toBe('report')
    expect(layerOf('redact/mask.ts')).toBe('core')
    expect(layerOf('newfolder/x.ts')).toBeUndefined()
  })

  test('imports are read as TypeScript reads them: type-only, re-exports and import(), not comments', () => {
    const text = [
      "import type { A } from './a.js'",
      "export { B } from './b.js'",
      "const c = await import('./c.js')",
      "// import { D } from './d.js'",
      'const e = "import { E } from \'./e.js\'"'
    ].join('\n')
    expect(ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName)).toEqual([
      './a.js',
      './b.js',
      './c.js'
    ])
  })
})

describe('each folder of src/ says what it owns', () => {
  // Its main file (index.ts where there is one) opens with `// src/<folder>/ owns ...`.
  const folders = [
    ...new Set(FILES.filter((f) => f.includes('/')).map((f) => f.slice(0, f.lastIndexOf('/'))))
  ].sort()
  test.each(folders)('src/%s/', (folder) => {
    const opening = FILES.filter(
      (f) =>
        path.posix.dirname(f) === folder &&
        readFileSync(path.join(SRC, f), 'utf8').startsWith(`// src/${folder}/ owns `)
    )
    expect(opening).toHaveLength(1)
  })
})
