// src/cache/ owns the cache's rules: which folders are cached (paths), the key and the fallback
// keys from the go.sum files (key, sums), the state the main step hands the post step and whether
// to save (state), which build-cache entries a run left unused and how to prune them (prune,
// buildcache), emptying the module cache (modcache), and the sentences about it (describe). No
// @actions/* here: src/github/ makes the @actions/cache calls.
//
// The cache key: what must match for a cache to be the right one, and the
// fallback that lets a go.sum change start warm instead of cold.
import { createHash } from 'node:crypto'

export interface CacheKeyParts {
  /** cache-key-prefix; its default names the stages, so jobs running different stages keep separate caches. */
  prefix: string
  /** RUNNER_OS: Linux, Windows, macOS. */
  runnerOs: string
  /** RUNNER_ARCH: X64, ARM64, ... */
  runnerArch: string
  /** `go env GOVERSION`: go1.26.8. */
  goVersion: string
  /** Hash of every go.sum and go.work.sum (see hashSumFiles). */
  sumsHash: string
}

export interface CacheKeys {
  primary: string
  /** Tried in order, newest entry first, when the primary key has no entry. */
  restoreKeys: string[]
}

/** Keys may not contain commas, and spaces make them hard to read in logs. */
function keyPart(value: string): string {
  const cleaned = value.trim().replace(/[\s,]+/g, '_')
  return cleaned === '' ? 'unknown' : cleaned
}

/** `<prefix>-<os>-<arch>-go<version>-<hash>`; the restore key is the same without the hash. */
export function cacheKeys(parts: CacheKeyParts): CacheKeys {
  const version = keyPart(parts.goVersion)
  const base = [
    keyPart(parts.prefix),
    keyPart(parts.runnerOs),
    keyPart(parts.runnerArch),
    version.startsWith('go') ? version : `go${version}`
  ].join('-')
  return { primary: `${base}-${parts.sumsHash}`, restoreKeys: [`${base}-`] }
}

export interface SumFile {
  /** Path relative to the workspace, forward slashes. */
  path: string
  /** sha256 of the file's bytes, hex. */
  sha256: string
}

/** One hash over the sum files: each one's path and content, in path order, so moving a go.sum changes it too. */
export function hashSumFiles(files: readonly SumFile[]): string {
  const hash = createHash('sha256')
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`${file.path}\0${file.sha256}\n`)
  }
  return hash.digest('hex')
}

/** RUNNER_OS as the runner spells it, for runs outside GitHub Actions. */
export function runnerOsOf(platform: NodeJS.Platform): string {
  return platform === 'linux'
    ? 'Linux'
    : platform === 'darwin'
      ? 'macOS'
      : platform === 'win32'
        ? 'Windows'
        : platform
}

/** RUNNER_ARCH as the runner spells it, for runs outside GitHub Actions. */
export function runnerArchOf(arch: string): string {
  const names: Record<string, string> = { x64: 'X64', arm64: 'ARM64', arm: 'ARM', ia32: 'X86' }
  return names[arch] ?? arch.toUpperCase()
}
