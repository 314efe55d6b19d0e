// The module cache (GOMODCACHE): whether something is already in it, and how to
// empty it. Go makes module folders read-only, so a plain recursive rm fails.
import { chmod, lstat, readdir, rm } from 'node:fs/promises'
import path from 'node:path'

async function names(dir: string): Promise<string[]> {
  try {
    return await readdir(dir)
  } catch {
    return []
  }
}

/** True when any module was downloaded or extracted into the folder. */
export async function hasModules(moduleCache: string): Promise<boolean> {
  if ((await names(path.join(moduleCache, 'cache', 'download'))).length > 0) return true
  return (await names(moduleCache)).some((name) => name !== 'cache')
}

async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o755).catch(() => undefined)
  for (const name of await names(dir)) {
    const full = path.join(dir, name)
    const info = await lstat(full).catch(() => undefined)
    if (info?.isDirectory()) await makeWritable(full)
  }
}

/** Removes everything inside dir (keeping dir itself), read-only module folders included. */
export async function clearFolder(dir: string): Promise<void> {
  await makeWritable(dir)
  for (const name of await names(dir)) {
    await rm(path.join(dir, name), { recursive: true, force: true })
  }
}
