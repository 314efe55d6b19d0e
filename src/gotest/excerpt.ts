// The lines of output a failure shows (its message, the annotation's text): the
// lines that say something, with paths a reader can use. Absolute runner paths
// become repository-relative, Go's own files are shortened to `testing/testing.go`,
// and stack noise (`+0x1d` offsets, argument words, goroutine addresses) goes.
import { FRAMING } from './evidence.js'
import type { PathResolver } from './locate.js'
import type { Frame } from './stack.js'

// An absolute path to a source file, with its line: `/home/u/m/x_test.go:12`.
const ABSOLUTE_SOURCE = /(?<![\w.~-])\/[^\s:()]+\.(?:go|s|c|h)(?=:\d+|\b)/g
const PC_OFFSET = / \+0x[0-9a-f]+$/
const ADDRESS = /\b0x[0-9a-f]{6,}\b/g
const RACE_ADDRESS = / at 0x[0-9a-f]+ by /
const GOROUTINE_EXTRA = /^(goroutine \d+) gp=\S+ m=\S+ (?:mp=\S+ )?/

/**
 * A path a reader can use: repository-relative inside the repository; for Go's
 * own sources and the module cache, the part after `/src/` or `/pkg/mod/`.
 */
export function shortPath(file: string, resolver: PathResolver): string {
  const inside = resolver.fromAbsolute(file)
  if (inside !== undefined) return inside
  const normal = file.split('\\').join('/')
  const mod = normal.lastIndexOf('/pkg/mod/')
  if (mod >= 0) return normal.slice(mod + '/pkg/mod/'.length)
  const src = normal.lastIndexOf('/src/')
  if (src >= 0) return normal.slice(src + '/src/'.length)
  return normal.startsWith('/') ? normal.slice(normal.lastIndexOf('/') + 1) : normal
}

/** `pkg.Func` then its shortened `\tfile:line`, as a stack shows a frame. */
export function frameText(frame: Frame, resolver: PathResolver): string {
  return `${frame.func}\n\t${shortPath(frame.file, resolver)}:${frame.line}`
}

/** A line of test output with its absolute source paths made short. */
export function tidyLine(line: string, resolver: PathResolver): string {
  if (!line.includes('/')) return line
  return line.replace(ABSOLUTE_SOURCE, (file) => shortPath(file, resolver))
}

/** A line of a stack trace, race report or goroutine dump, without addresses and offsets. */
export function tidyStackLine(line: string, resolver: PathResolver): string {
  let text = tidyLine(line, resolver).replace(PC_OFFSET, '').replace(GOROUTINE_EXTRA, '$1 ')
  text = text.replace(RACE_ADDRESS, ' by ')
  // Arguments of a frame (`pkg.F(0xc000012345, {0x5be88c?, 0x4})`) say nothing to a reader.
  if (/\)\s*$/.test(text) && text.includes('(0x')) text = text.replace(/\((?:0x|\{)[^)]*\)\s*$/, '(...)')
  return text.replace(ADDRESS, '0x…')
}

/** The output lines worth showing: no framing, no blank lines at the ends, short paths. */
export function excerpt(lines: readonly string[], resolver: PathResolver): string[] {
  const kept = lines.filter((line) => !FRAMING.test(line)).map((line) => tidyLine(line, resolver))
  while (kept.length > 0 && kept[0].trim() === '') kept.shift()
  while (kept.length > 0 && kept[kept.length - 1].trim() === '') kept.pop()
  return kept
}
