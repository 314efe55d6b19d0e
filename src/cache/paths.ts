// Which folders the cache holds: the module cache, the build cache, and
// golangci-lint's own cache when the lint stage runs.
import path from 'node:path'

export interface CachePaths {
  /** Every folder saved and restored, in a fixed order (the order is part of the cache version). */
  all: string[]
  moduleCache?: string
  /** Folders laid out like Go's build cache (GOCACHE, golangci-lint's cache): pruned before saving. */
  buildCaches: string[]
  lintCache?: string
}

/**
 * golangci-lint's cache folder as golangci-lint finds it: GOLANGCI_LINT_CACHE, else
 * os.UserCacheDir()/golangci-lint.
 */
export function golangciLintCacheDir(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
  home: string
): string {
  const explicit = env.GOLANGCI_LINT_CACHE
  if (explicit) return explicit
  if (platform === 'win32')
    return path.win32.join(
      env.LocalAppData ?? env.LOCALAPPDATA ?? path.win32.join(home, 'AppData', 'Local'),
      'golangci-lint'
    )
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Caches', 'golangci-lint')
  // os.UserCacheDir ignores a relative XDG_CACHE_HOME.
  const xdg = env.XDG_CACHE_HOME
  return path.posix.join(
    xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.cache'),
    'golangci-lint'
  )
}

/** GOCACHE=off (or empty) has nothing to cache. */
function usable(dir: string): boolean {
  return dir !== '' && dir !== 'off' && path.isAbsolute(dir)
}

export function cachePaths(go: { GOMODCACHE: string; GOCACHE: string }, lintCache?: string): CachePaths {
  const moduleCache = usable(go.GOMODCACHE) ? go.GOMODCACHE : undefined
  const buildCaches = [go.GOCACHE, ...(lintCache ? [lintCache] : [])].filter(usable)
  const all = [...(moduleCache ? [moduleCache] : []), ...buildCaches]
  return { all, moduleCache, buildCaches, lintCache: lintCache && usable(lintCache) ? lintCache : undefined }
}
