// The module's Go files as `./...` sees them: no vendor, testdata, `.` or `_`
// folders, and no nested modules (they are packages of another module).
import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import path from 'node:path'

/** Relative paths (forward slashes, sorted by folder) of the module's Go files. */
export async function listModuleGoFiles(moduleDir: string, signal?: AbortSignal): Promise<string[]> {
  const files: string[] = []
  const walk = async (relative: string): Promise<void> => {
    if (signal?.aborted) return
    let entries: import('node:fs').Dirent[]
    try {
      entries = await readdir(path.join(moduleDir, relative), { withFileTypes: true })
    } catch {
      return // an unreadable folder holds nothing go would build either
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`
      if (entry.isFile() && entry.name.endsWith('.go')) files.push(child)
      else if (entry.isDirectory()) {
        if (entry.name === 'vendor' || entry.name === 'testdata' || /^[._]/.test(entry.name)) continue
        if (existsSync(path.join(moduleDir, child, 'go.mod'))) continue
        await walk(child)
      }
    }
  }
  await walk('')
  return files
}
