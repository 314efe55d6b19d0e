// The go command as the stages need it: its environment, and import paths
// mapped to folders through `go list -json`.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { GateError } from '../errors.js'
import { functionFinder, type PackageInfo, type SourceIndex } from '../gotest/locate.js'
import { runCapturingOutput } from './process.js'

export interface GoEnv {
  GOVERSION: string
  GOOS: string
  GOARCH: string
  CGO_ENABLED: string
  GOFLAGS: string
  GOPROXY: string
  GOMODCACHE: string
  GOCACHE: string
  GOROOT: string
  GOMOD: string
  GOWORK: string
  GOTOOLCHAIN: string
}

const GO_ENV_KEYS: (keyof GoEnv)[] = [
  'GOVERSION',
  'GOOS',
  'GOARCH',
  'CGO_ENABLED',
  'GOFLAGS',
  'GOPROXY',
  'GOMODCACHE',
  'GOCACHE',
  'GOROOT',
  'GOMOD',
  'GOWORK',
  'GOTOOLCHAIN'
]

/** Runs `go env -json`; a missing go is a toolchain failure. */
export async function readGoEnv(cwd: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<GoEnv> {
  const result = await runCapturingOutput('go', ['env', '-json', ...GO_ENV_KEYS], {
    cwd,
    env,
    signal,
    timeoutMs: 120_000
  })
  if (result.spawnError) {
    const reason =
      result.spawnError.code === 'ENOENT' ? 'there is no `go` on PATH' : result.spawnError.message
    throw new GateError(
      'toolchain',
      `Go cannot be run: ${reason}. Install Go before go-gate (for example with actions/setup-go, cache: false).`
    )
  }
  if (result.exitCode !== 0) {
    const text = (result.stderr || result.stdout).trim()
    throw new GateError('toolchain', `\`go env\` failed in ${cwd}: ${text.split('\n').slice(0, 5).join(' ')}`)
  }
  const parsed = JSON.parse(result.stdout) as Partial<GoEnv>
  const goEnv = {} as GoEnv
  for (const key of GO_ENV_KEYS) goEnv[key] = parsed[key] ?? ''
  return goEnv
}

interface GoListPackage {
  ImportPath?: string
  Dir?: string
  Name?: string
  Module?: { Path?: string; Dir?: string }
  GoFiles?: string[]
  CgoFiles?: string[]
  TestGoFiles?: string[]
  XTestGoFiles?: string[]
  IgnoredGoFiles?: string[]
  Error?: { Err?: string }
}

/** Splits the concatenated JSON objects `go list -json` prints. */
function splitJsonObjects(text: string): unknown[] {
  const objects: unknown[] = []
  let depth = 0
  let start = -1
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
      continue
    }
    if (c === '"') inString = true
    else if (c === '{') {
      if (depth === 0) start = i
      depth++
    } else if (c === '}') {
      depth--
      if (depth === 0 && start >= 0) {
        objects.push(JSON.parse(text.slice(start, i + 1)))
        start = -1
      }
    }
  }
  return objects
}

export interface ModuleInfo {
  path: string
  dir: string
}

/** Lists packages with `go list -e -json`; errors in single packages are kept, not thrown. */
export async function listPackages(
  cwd: string,
  patterns: readonly string[],
  options: { env: NodeJS.ProcessEnv; flags?: readonly string[]; signal?: AbortSignal }
): Promise<{ packages: PackageInfo[]; modules: ModuleInfo[]; stderr: string; exitCode: number | null }> {
  const result = await runCapturingOutput(
    'go',
    ['list', '-e', '-json', ...(options.flags ?? []), ...patterns],
    {
      cwd,
      env: options.env,
      signal: options.signal
    }
  )
  const packages: PackageInfo[] = []
  const modules = new Map<string, ModuleInfo>()
  if (result.stdout.trim() !== '') {
    for (const value of splitJsonObjects(result.stdout)) {
      const p = value as GoListPackage
      if (!p.ImportPath || !p.Dir) continue
      packages.push({
        importPath: p.ImportPath,
        dir: p.Dir,
        files: [
          ...(p.GoFiles ?? []),
          ...(p.CgoFiles ?? []),
          ...(p.TestGoFiles ?? []),
          ...(p.XTestGoFiles ?? []),
          ...(p.IgnoredGoFiles ?? [])
        ]
      })
      if (p.Module?.Path && p.Module.Dir)
        modules.set(p.Module.Path, { path: p.Module.Path, dir: p.Module.Dir })
    }
  }
  return { packages, modules: [...modules.values()], stderr: result.stderr, exitCode: result.exitCode }
}

interface TestFilesListing {
  packages: { importPath: string; dir: string; testFiles: string[] }[]
  exitCode: number | null
  stderr: string
}

/** The packages the patterns match, each with its _test.go files (`go list -e`, with the stage's tags). */
export async function listTestFiles(
  cwd: string,
  patterns: readonly string[],
  options: { env: NodeJS.ProcessEnv; flags?: readonly string[]; signal?: AbortSignal }
): Promise<TestFilesListing> {
  const result = await runCapturingOutput(
    'go',
    ['list', '-e', '-json=ImportPath,Dir,TestGoFiles,XTestGoFiles', ...(options.flags ?? []), ...patterns],
    { cwd, env: options.env, signal: options.signal }
  )
  const packages: TestFilesListing['packages'] = []
  if (result.stdout.trim() !== '') {
    for (const value of splitJsonObjects(result.stdout)) {
      const p = value as GoListPackage
      if (!p.ImportPath) continue
      packages.push({
        importPath: p.ImportPath,
        dir: p.Dir ?? '',
        testFiles: [...(p.TestGoFiles ?? []), ...(p.XTestGoFiles ?? [])]
      })
    }
  }
  return { packages, exitCode: result.exitCode, stderr: result.stderr }
}

/** The main module(s) with `go list -m -json`: every module of a go.work, or the one of go.mod. */
export async function listModules(
  cwd: string,
  options: { env: NodeJS.ProcessEnv; signal?: AbortSignal }
): Promise<ModuleInfo[]> {
  const result = await runCapturingOutput('go', ['list', '-m', '-json'], {
    cwd,
    env: options.env,
    signal: options.signal
  })
  if (result.exitCode !== 0 || result.stdout.trim() === '') return []
  const modules: ModuleInfo[] = []
  for (const value of splitJsonObjects(result.stdout)) {
    const m = value as { Path?: string; Dir?: string }
    if (m.Path && m.Dir) modules.push({ path: m.Path, dir: m.Dir })
  }
  return modules
}

/** Builds the SourceIndex the locator uses, reading the test files of the given packages. */
export async function buildSourceIndex(
  repoRoot: string,
  commandDir: string,
  packages: readonly PackageInfo[],
  readFilesOf: readonly string[] = []
): Promise<SourceIndex> {
  const byPath = new Map(packages.map((p) => [p.importPath, p]))
  const files = new Map<string, string>()
  for (const importPath of readFilesOf) {
    const pkg = byPath.get(importPath)
    if (!pkg) continue
    for (const base of pkg.files ?? []) {
      if (!base.endsWith('_test.go')) continue
      const file = path.join(pkg.dir, base)
      try {
        files.set(file, await readFile(file, 'utf8'))
      } catch {
        // a file that went away is simply not searched
      }
    }
  }
  const lineText = (file: string, line: number) => files.get(file)?.split('\n')[line - 1]
  return {
    repoRoot,
    commandDir,
    packages: byPath,
    findFunction: functionFinder(files),
    lineText,
    fileText: (file) => files.get(file)
  }
}
