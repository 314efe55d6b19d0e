// Finds the files that pin the module graph: every go.sum and go.work.sum in
// the workspace. Their content is what the cache key hashes.
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { toSlash } from '../text/paths.js'
import type { SumFile } from './key.js'

const SUM_FILES = new Set(['go.sum', 'go.work.sum'])

/** Folders that never hold a module of the build: the go command skips testdata, _ and . folders too. */
function skipped(name: string): boolean {
  return (
    name === 'node_modules' ||
    name === 'vendor' ||
    name === 'testdata' ||
    name.startsWith('.') ||
    name.startsWith('_')
  )
}

/** Lists go.sum and go.work.sum files under root (relative, forward slashes) with their sha256. */
export async function readSumFiles(root: string): Promise<SumFile[]> {
  const found: SumFile[] = []
  const pending = [root]
  while (pending.length > 0) {
    const dir = pending.pop() as string
    let entries: import('node:fs').Dirent[]
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch {
      continue // unreadable folders hold nothing we can hash
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        if (!skipped(entry.name)) pending.push(full)
      } else if (entry.isFile() && SUM_FILES.has(entry.name)) {
        const sha256 = createHash('sha256')
          .update(await readFile(full))
          .digest('hex')
        found.push({ path: toSlash(path.relative(root, full)), sha256 })
      }
    }
  }
  return found
}
