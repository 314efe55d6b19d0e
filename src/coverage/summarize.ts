// Totals over merged blocks, weighted by statements: per file, per package, overall.
//
// The total counts every block of the profile, as `go test`'s `coverage: N% of statements`
// does. `go tool cover -func` counts only blocks inside function declarations, so its total
// differs when a package-level function literal (`var f = func() {...}`) has statements; it
// needs the Go source to know, and this core does not read source.

import picomatch from 'picomatch'
import type {
  CoverageBlock,
  CoverageFile,
  CoverageMode,
  CoverageOptions,
  CoveragePackage,
  CoverageReport
} from '../model/coverage.js'
import { CoverageProfileError } from './errors.js'
import { ProfileFileResolver } from './modules.js'
import { coveragePercent, formatCoveragePercent } from './percent.js'
import {
  BLOCK_FIELDS,
  COUNT,
  CoverageProfileParser,
  END_COL,
  END_LINE,
  NUM_STMT,
  type ParsedProfile,
  type ProfileFile,
  START_COL,
  START_LINE
} from './profile.js'

/** Summarizes a parsed profile: maps files into the repository, drops excluded ones, totals. */
export function summarizeProfile(parsed: ParsedProfile, opts: CoverageOptions): CoverageReport {
  const resolver = new ProfileFileResolver(opts.repoRoot, opts.modules)
  const isExcluded = excludeMatcher(opts.exclude)
  const files: CoverageFile[] = []
  const packages = new Map<string, CoveragePackage>()
  let statements = 0
  let covered = 0
  let excludedFiles = 0

  // Files of one directory share their module, repository folder and package: resolve the
  // directory once (a profile of a big repository has tens of thousands of files).
  const dirs = new Map<string, Directory>()
  let last: Directory | undefined
  for (const blocks of parsed.files) {
    const name = blocks.name
    const cut = directoryLength(name)
    // Consecutive files often share a directory: check the last one before hashing a slice.
    let dir =
      last !== undefined && last.nameDir.length === cut && name.startsWith(last.nameDir) ? last : undefined
    const nameDir = dir === undefined ? name.slice(0, cut) : dir.nameDir
    if (dir === undefined) dir = dirs.get(nameDir)
    const base = name.slice(cut)
    if (dir === undefined) {
      const where = resolver.resolve(name)
      if (typeof where === 'string') {
        throw new CoverageProfileError(parsed.profile, blocks.firstLine, 'outside-module', where)
      }
      const fileDir = where.file.slice(0, where.file.length - base.length)
      const importDir = where.importPath.slice(0, where.importPath.length - base.length)
      const pkgPath = importDir.length > 0 ? importDir.slice(0, -1) : '.'
      dir = { nameDir, pkgPath, pkg: undefined, fileDir, importDir }
      dirs.set(nameDir, dir)
    }
    last = dir
    const file = dir.fileDir + base
    if (isExcluded(file)) {
      excludedFiles++
      continue
    }
    const summary = summarizeFile(blocks, file, dir.importDir === nameDir ? name : dir.importDir + base)
    files.push(summary)
    statements += summary.statements
    covered += summary.covered
    let pkg = dir.pkg
    if (pkg === undefined) {
      // Created with its first file that is not excluded: a package all excluded is not listed.
      pkg = packages.get(dir.pkgPath)
      if (pkg === undefined) {
        pkg = { importPath: dir.pkgPath, statements: 0, covered: 0, percent: 0 }
        packages.set(dir.pkgPath, pkg)
      }
      dir.pkg = pkg
    }
    pkg.statements += summary.statements
    pkg.covered += summary.covered
  }

  const pkgList = [...packages.values()]
  for (const pkg of pkgList) pkg.percent = coveragePercent(pkg.covered, pkg.statements)
  pkgList.sort(comparePackages)
  files.sort(compareFiles)

  const percent = coveragePercent(covered, statements)
  return {
    mode: parsed.mode,
    statements,
    covered,
    percent,
    percentText: formatCoveragePercent(percent),
    packages: pkgList,
    files,
    excludedFiles,
    profile: parsed.profile
  }
}

interface Directory {
  /** The directory as the profile names it, with its final separator. */
  nameDir: string
  pkgPath: string
  /** Created with the directory's first file that is not excluded. */
  pkg: CoveragePackage | undefined
  /** Repository-relative folder with a final `/` ('' for the root). */
  fileDir: string
  /** Import path of the folder with a final `/`. */
  importDir: string
}

/** Length of the directory part of a file name, up to and including its last `/` or `\\`. */
function directoryLength(name: string): number {
  for (let i = name.length - 1; i >= 0; i--) {
    const c = name.charCodeAt(i)
    if (c === 47 || c === 92) return i + 1
  }
  return 0
}

/**
 * The pure entry: blocks as plain objects, merged and summarized exactly as a profile with
 * these lines (in this order, after the mode line) would be. Errors name `profile` and the
 * line the block would be on.
 */
export function summarizeCoverage(
  input: { mode: CoverageMode; blocks: Iterable<CoverageBlock>; profile?: string },
  opts: CoverageOptions
): CoverageReport {
  const parser = new CoverageProfileParser(input.profile ?? 'coverage profile')
  parser.setMode(input.mode, 1)
  for (const b of input.blocks) {
    parser.addBlock(b.file, b.startLine, b.startCol, b.endLine, b.endCol, b.numStmt, b.count)
  }
  return summarizeProfile(parser.finish(), opts)
}

function summarizeFile(blocks: ProfileFile, file: string, importPath: string): CoverageFile {
  const { data, offset, size } = blocks
  let statements = 0
  let covered = 0
  let uncoveredBlocks = 0
  let first = -1
  for (let i = 0, at = offset; i < size; i++, at += BLOCK_FIELDS) {
    const n = data[at + NUM_STMT]
    statements += n
    if (data[at + COUNT] > 0) {
      covered += n
    } else if (n > 0) {
      uncoveredBlocks++
      if (first < 0 || startsBefore(data, at, first)) first = at
    }
  }
  const summary: CoverageFile = { file, importPath, statements, covered, uncoveredBlocks }
  if (first >= 0) {
    summary.firstUncovered = {
      line: data[first + START_LINE],
      col: data[first + START_COL],
      endLine: data[first + END_LINE]
    }
  }
  return summary
}

/** Block at `a` before block at `b` in source order (start, then end: no tie on the first uncovered). */
function startsBefore(data: Uint32Array, a: number, b: number): boolean {
  const line = data[a + START_LINE] - data[b + START_LINE]
  if (line !== 0) return line < 0
  const col = data[a + START_COL] - data[b + START_COL]
  if (col !== 0) return col < 0
  const endLine = data[a + END_LINE] - data[b + END_LINE]
  if (endLine !== 0) return endLine < 0
  return data[a + END_COL] < data[b + END_COL]
}

/** A test for repository-relative files against coverage-exclude's globs. */
export function excludeMatcher(globs: string[]): (file: string) => boolean {
  const patterns = globs
    .map((g) => g.trim())
    .filter((g) => g.length > 0)
    .map((g) => (g.startsWith('./') ? g.slice(2) : g))
  if (patterns.length === 0) return () => false
  // dot: a glob like **/mocks/** should also reach files under .hidden directories.
  return picomatch(patterns, { dot: true })
}

function comparePackages(a: CoveragePackage, b: CoveragePackage): number {
  // A package without statements has nothing to cover; rank it after every real one.
  if ((a.statements === 0) !== (b.statements === 0)) return a.statements === 0 ? 1 : -1
  return (
    a.percent - b.percent ||
    b.statements - b.covered - (a.statements - a.covered) ||
    compareText(a.importPath, b.importPath)
  )
}

function compareFiles(a: CoverageFile, b: CoverageFile): number {
  return (
    b.statements - b.covered - (a.statements - a.covered) ||
    rankPercent(a) - rankPercent(b) ||
    compareText(a.file, b.file)
  )
}

/** A file without statements has nothing left to cover: rank it with the fully covered. */
function rankPercent(f: CoverageFile): number {
  return f.statements === 0 ? 100 : coveragePercent(f.covered, f.statements)
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
