// Reads and changes a folder laid out like Go's build cache (GOCACHE, or
// golangci-lint's copy of it). Only `<hex>-a` and `<hex>-d` names in the 256
// two-hex-digit folders are touched, exactly the files Go's own trim removes;
// and, after a failed restore, the names that restore added (nothing older).
import type { Dirent } from 'node:fs'
import { lstat, open, readdir, rm, utimes } from 'node:fs/promises'
import path from 'node:path'
import { type BuildCacheEntry, backdateTarget, parseActionEntry } from './prune.js'

const SUBDIRS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const ENTRY_NAME = /^([0-9a-f]{64})-([ad])$/
/** A v1 index entry is 175 bytes; read a little more to see it whole. */
const INDEX_BYTES = 256
/** Folders scanned at once: enough to hide latency, few enough to stay polite. */
const PARALLEL = 16

async function readNames(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true })
  } catch {
    return []
  }
}

async function readHead(file: string): Promise<string> {
  const handle = await open(file, 'r')
  try {
    const buffer = Buffer.alloc(INDEX_BYTES)
    const { bytesRead } = await handle.read(buffer, 0, INDEX_BYTES, 0)
    return buffer.toString('latin1', 0, bytesRead)
  } finally {
    await handle.close()
  }
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0
  for (const entry of await readNames(dir)) {
    const info = await lstat(path.join(dir, entry.name)).catch(() => undefined)
    if (info?.isFile()) total += info.size
  }
  return total
}

async function eachSubdir(
  root: string,
  fn: (subdir: string, names: Dirent[]) => Promise<void>
): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < SUBDIRS.length) {
      const subdir = SUBDIRS[next++]
      await fn(subdir, await readNames(path.join(root, subdir)))
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, worker))
}

/** Every entry of the cache with its mtime, size and (for index entries) the output it points at. */
export async function scanBuildCache(root: string): Promise<BuildCacheEntry[]> {
  const entries: BuildCacheEntry[] = []
  await eachSubdir(root, async (subdir, names) => {
    for (const dirent of names) {
      const m = ENTRY_NAME.exec(dirent.name)
      if (!m) continue
      const file = path.join(root, subdir, dirent.name)
      const info = await lstat(file).catch(() => undefined)
      if (!info) continue
      const rel = `${subdir}/${dirent.name}`
      if (m[2] === 'a') {
        const parsed = info.isFile() ? parseActionEntry(await readHead(file).catch(() => '')) : undefined
        entries.push({
          file: rel,
          kind: 'action',
          id: m[1],
          mtimeMs: info.mtimeMs,
          bytes: info.size,
          outputId: parsed?.outputId
        })
      } else if (info.isDirectory()) {
        entries.push({
          file: rel,
          kind: 'output',
          id: m[1],
          mtimeMs: info.mtimeMs,
          bytes: await folderBytes(file),
          isDir: true
        })
      } else {
        entries.push({ file: rel, kind: 'output', id: m[1], mtimeMs: info.mtimeMs, bytes: info.size })
      }
    }
  })
  return entries
}

/**
 * Moves the mtime of entries newer than an hour before usedSinceMs back, so that a use during the
 * run shows. With `only`, just those entries (relative paths, as `listCacheNames` gives them).
 */
export async function backdateBuildCache(
  root: string,
  usedSinceMs: number,
  only?: ReadonlySet<string>
): Promise<{ entries: number; moved: number }> {
  let count = 0
  let moved = 0
  await eachSubdir(root, async (subdir, names) => {
    for (const dirent of names) {
      if (!ENTRY_NAME.test(dirent.name)) continue
      if (only && !only.has(`${subdir}/${dirent.name}`)) continue
      count++
      const file = path.join(root, subdir, dirent.name)
      const info = await lstat(file).catch(() => undefined)
      const target = info ? backdateTarget(info.mtimeMs, usedSinceMs) : undefined
      if (target === undefined) continue
      const when = new Date(target)
      await utimes(file, when, when).then(
        () => moved++,
        () => undefined // an entry we cannot touch stays as it is; at worst it is kept
      )
    }
  })
  return { entries: count, moved }
}

/** Deletes entries (as planPrune chose them); returns how many went. */
export async function removeBuildCacheEntries(
  root: string,
  entries: readonly BuildCacheEntry[]
): Promise<number> {
  let removed = 0
  for (const entry of entries) {
    await rm(path.join(root, entry.file), { recursive: entry.isDir === true, force: true }).then(
      () => removed++,
      () => undefined
    )
  }
  return removed
}

/** True when the folder holds at least one cache entry. */
export async function hasBuildCacheEntries(root: string): Promise<boolean> {
  for (const subdir of SUBDIRS) {
    if ((await readNames(path.join(root, subdir))).some((d) => ENTRY_NAME.test(d.name))) return true
  }
  return false
}

/**
 * The names in a build-cache folder, two levels deep as Go lays it out: what is at the top
 * (the 256 folders, README, trim.txt, ...) and `ab/<name>` inside each two-hex-digit folder.
 * Empty when the folder is missing.
 */
export async function listCacheNames(root: string): Promise<Set<string>> {
  const names = new Set<string>()
  for (const dirent of await readNames(root)) names.add(dirent.name)
  await eachSubdir(root, async (subdir, inside) => {
    for (const dirent of inside) names.add(`${subdir}/${dirent.name}`)
  })
  return names
}

/** Names listCacheNames finds now that are not in `before`, deepest first: what was added since. */
export async function addedCacheNames(root: string, before: ReadonlySet<string>): Promise<string[]> {
  const now = await listCacheNames(root)
  return [...now].filter((name) => !before.has(name)).sort((a, b) => b.length - a.length)
}

/** Removes what was added since `before` (files and whole folders); returns how many names went. */
export async function removeAddedNames(root: string, before: ReadonlySet<string>): Promise<number> {
  let removed = 0
  for (const name of await addedCacheNames(root, before)) {
    // A folder that is new at the top takes its content with it; what it held was new too.
    const top = name.includes('/') ? name.slice(0, name.indexOf('/')) : undefined
    if (top !== undefined && !before.has(top)) {
      removed++
      continue
    }
    await rm(path.join(root, name), { recursive: true, force: true }).then(
      () => removed++,
      () => undefined
    )
  }
  return removed
}
