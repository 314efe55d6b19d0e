// Paths as go-gate writes them: relative to a root, with forward slashes, as
// GitHub annotations and the summary name repository files.
import path from 'node:path'

/** A path with the platform's separators written as `/`. */
export function toSlash(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/')
}

/**
 * `file` relative to `root` with forward slashes: '' for the root itself, undefined when
 * `file` lies outside it (or on another drive). A relative `file` is taken from `root`.
 */
export function pathInside(root: string, file: string): string | undefined {
  const relative = path.relative(root, path.resolve(root, file))
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined
  return toSlash(relative)
}

/** A file strictly inside `root` (not the root itself), relative and with forward slashes; else undefined. */
export function fileInside(root: string, file: string): string | undefined {
  const relative = pathInside(root, file)
  return relative === '' ? undefined : relative
}
