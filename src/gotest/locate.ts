// Turns the file names Go prints into repository-relative paths. Import paths
// map to folders through `go list -json` (PackageInfo), never by slicing strings.
import path from 'node:path'
import type { Location } from '../model/report.js'
import { fileInside } from '../text/paths.js'
import { type Frame, isToolchainFrame } from './stack.js'

export interface PackageInfo {
  importPath: string
  /** Absolute folder of the package. */
  dir: string
  /** Base names of its Go files (GoFiles, CgoFiles, TestGoFiles, XTestGoFiles, ...), when known. */
  files?: readonly string[]
}

export interface FunctionPosition {
  /** Absolute file. */
  file: string
  line: number
  /** The lines of the function, from its `func` line to its closing brace. */
  body: string[]
}

export interface SourceIndex {
  /** Absolute repository root (GITHUB_WORKSPACE). Nothing outside it is ever located. */
  repoRoot: string
  /** Absolute folder the go command ran in: compiler paths are relative to it. */
  commandDir: string
  packages: ReadonlyMap<string, PackageInfo>
  /** Finds `func Name(` in a package's files; supplied by the caller that may read files. */
  findFunction?: (pkg: PackageInfo, name: string) => FunctionPosition | undefined
  /** The text of one line of a source file (absolute path), when the caller has read it. */
  lineText?: (file: string, line: number) => string | undefined
  /** The whole text of a source file (absolute path), when the caller has read it. */
  fileText?: (file: string) => string | undefined
}

export class PathResolver {
  constructor(readonly index: SourceIndex) {}

  /** A repository-relative path for an absolute one; undefined when outside the repository. */
  fromAbsolute(file: string): string | undefined {
    return path.isAbsolute(file) ? fileInside(this.index.repoRoot, file) : undefined
  }

  /** A path as the go command printed it (`./x.go`, `pkg/x.go`, or absolute). */
  fromCommandPath(file: string): string | undefined {
    return this.fromAbsolute(path.resolve(this.index.commandDir, file))
  }

  /** A file a test printed (`x_test.go`, or a path under -fullpath) in package importPath. */
  fromTestFile(importPath: string, file: string): string | undefined {
    if (path.isAbsolute(file)) return this.fromAbsolute(file)
    const pkg = this.index.packages.get(importPath)
    if (!pkg) return undefined
    if (pkg.files && !pkg.files.includes(path.basename(file))) return undefined
    return this.fromAbsolute(path.resolve(pkg.dir, file))
  }

  /**
   * Where a test's `x_test.go:14` is: repository-relative when the package is
   * known; without a source tree (a saved stream read elsewhere), the file as
   * the test printed it, relative to its package, so the line is still given.
   */
  testFileLocation(importPath: string, file: string, line: number): Location | undefined {
    const known = this.fromTestFile(importPath, file)
    if (known !== undefined) return { file: known, line }
    if (this.index.packages.has(importPath) || path.isAbsolute(file)) return undefined
    const parts = file.split(/[\\/]/)
    if (parts.includes('..') || parts.includes('')) return undefined
    return { file: parts.join('/'), line }
  }

  /** The first frame inside the repository, skipping Go's runtime and testing frames. */
  firstRepositoryFrame(frames: readonly Frame[]): { frame: Frame; location: Location } | undefined {
    for (const frame of frames) {
      if (isToolchainFrame(frame)) continue
      const file = this.fromAbsolute(frame.file)
      if (file !== undefined) return { frame, location: { file, line: frame.line } }
    }
    return undefined
  }

  /** Where `func name(` is declared in a package, when the caller can look. */
  functionLocation(importPath: string, name: string): Location | undefined {
    const found = this.findFunction(importPath, name)
    if (!found) return undefined
    const file = this.fromAbsolute(found.file)
    return file === undefined ? undefined : { file, line: found.line }
  }

  findFunction(importPath: string, name: string): FunctionPosition | undefined {
    const pkg = this.index.packages.get(importPath)
    if (!pkg || !this.index.findFunction) return undefined
    return this.index.findFunction(pkg, name)
  }

  /** The source text of a line a test printed (`x_test.go:42`), when it was read. */
  testLineText(importPath: string, file: string, line: number): string | undefined {
    const pkg = this.index.packages.get(importPath)
    if (!pkg || !this.index.lineText) return undefined
    return this.index.lineText(path.resolve(pkg.dir, file), line)
  }
}

// `./x.go:3:14: message` or `pkg/x.go:3: message` (compiler, vet and go command errors)
const COMPILER_LINE = /^(\S[^:]*?\.go):(\d+)(?::(\d+))?: (.*)$/

export interface CompilerMessage {
  file: string
  line: number
  col?: number
  message: string
}

/** Reads a compiler or vet message line; null when the line is not one. */
export function parseCompilerLine(line: string): CompilerMessage | null {
  const m = COMPILER_LINE.exec(line)
  if (!m) return null
  return { file: m[1], line: Number(m[2]), col: m[3] === undefined ? undefined : Number(m[3]), message: m[4] }
}

/**
 * The compiler message that locates a build failure: the first one inside the
 * repository, else the first one at all (a file outside is named, not annotated).
 */
export function firstCompilerMessage(
  lines: readonly string[],
  resolver: PathResolver
): { message?: CompilerMessage; location?: Location } {
  let first: CompilerMessage | undefined
  for (const line of lines) {
    const parsed = parseCompilerLine(line)
    if (!parsed) continue
    first ??= parsed
    const file = resolver.fromCommandPath(parsed.file)
    if (file !== undefined) return { message: parsed, location: { file, line: parsed.line, col: parsed.col } }
  }
  return { message: first }
}

/**
 * Finds `func Name(` among a package's files, read beforehand into `files`
 * (absolute path to text): examples and TestMain have no file:line of their own.
 */
export function functionFinder(
  files: ReadonlyMap<string, string>
): (pkg: PackageInfo, name: string) => FunctionPosition | undefined {
  return (pkg, name) => {
    const decl = new RegExp(`^func ${name.replace(/[^\w]/g, '')}\\(`, 'm')
    for (const base of pkg.files ?? []) {
      const file = path.join(pkg.dir, base)
      const text = files.get(file)
      if (text === undefined) continue
      const m = decl.exec(text)
      if (!m) continue
      const line = text.slice(0, m.index).split('\n').length
      const rest = text.slice(m.index).split('\n')
      const end = rest.indexOf('}')
      return { file, line, body: rest.slice(0, end < 0 ? 200 : end + 1) }
    }
    return undefined
  }
}
