// Which cache service @actions/cache will speak and where, read from the
// environment the way it reads it (internal/config.ts): GitHub Enterprise Server
// and runners without ACTIONS_CACHE_SERVICE_V2 speak v1 at ACTIONS_CACHE_URL
// (REST under _apis/artifactcache/), github.com speaks v2 at ACTIONS_RESULTS_URL.
// Used to say what is missing, not just that something is.

export type CacheServiceVersion = 'v1' | 'v2'

export type CacheService =
  | { available: true; version: CacheServiceVersion; url: string }
  | { available: false; version: CacheServiceVersion; reason: string }

function isGhes(serverUrl: string | undefined): boolean {
  let host: string
  try {
    host = new URL(serverUrl || 'https://github.com').hostname.trimEnd().toUpperCase()
  } catch {
    return true
  }
  return host !== 'GITHUB.COM' && !host.endsWith('.GHE.COM') && !host.endsWith('.LOCALHOST')
}

export function cacheServiceOf(env: NodeJS.ProcessEnv): CacheService {
  const version: CacheServiceVersion =
    !isGhes(env.GITHUB_SERVER_URL) && env.ACTIONS_CACHE_SERVICE_V2 ? 'v2' : 'v1'
  const onActions =
    env.GITHUB_ACTIONS === 'true' ? '' : ' (GITHUB_ACTIONS is not set either: this is not an Actions runner)'
  if (version === 'v2') {
    if (env.ACTIONS_RESULTS_URL) return { available: true, version, url: env.ACTIONS_RESULTS_URL }
    return {
      available: false,
      version,
      reason:
        `ACTIONS_RESULTS_URL is not set, and the cache service v2 (ACTIONS_CACHE_SERVICE_V2) needs it${onActions}` +
        (env.ACTIONS_CACHE_URL
          ? '; ACTIONS_CACHE_URL is set, as for a v1 service (GitHub Enterprise Server, nektos/act), which @actions/cache uses only when ACTIONS_CACHE_SERVICE_V2 is unset'
          : '')
    }
  }
  if (env.ACTIONS_CACHE_URL) return { available: true, version, url: env.ACTIONS_CACHE_URL }
  return {
    available: false,
    version,
    reason:
      'ACTIONS_CACHE_URL is not set, and the cache service v1 (GitHub Enterprise Server, nektos/act, runners ' +
      `without ACTIONS_CACHE_SERVICE_V2) needs it${env.ACTIONS_RESULTS_URL ? '; ACTIONS_RESULTS_URL alone is not enough for v1' : ''}${onActions}`
  }
}
