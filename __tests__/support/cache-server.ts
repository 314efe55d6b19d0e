// A local stand-in for the cache service @actions/cache 6 talks to on github.com
// (cache service v2): Twirp JSON calls at ACTIONS_RESULTS_URL, and blob storage
// at the signed URLs they hand out, spoken the way the Azure SDK uploads (one PUT,
// or comp=block + comp=blocklist) and http-client downloads (GET, ranges honoured).
// Faults are switched per test through `fault`.
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { BlobStore, closedPort, json, listenService, readBody, twirpError } from './twirp-blob.js'

export type CacheFault =
  | 'none'
  /** Nothing listens at ACTIONS_RESULTS_URL: ECONNREFUSED. */
  | 'down'
  /** Twirp calls answer 429 Too Many Requests. */
  | 'rate-limit'
  /** Twirp calls answer 503. */
  | 'server-error'
  /** Every request is accepted and never answered. */
  | 'hang'
  /** Twirp calls answer 200 with a body that is not JSON. */
  | 'garbage'
  /** Downloads return random bytes of the archive's length. */
  | 'corrupt-archive'
  /** Downloads return the first half of the archive (and say that is all of it). */
  | 'truncated-archive'
  /** Blob uploads answer 500. */
  | 'upload-error'

export interface StoredEntry {
  id: number
  key: string
  version: string
  size: number
  finalized: boolean
  createdAt: number
}

export interface CacheServer {
  /** ACTIONS_RESULTS_URL, ending in '/'. */
  readonly url: string
  fault: CacheFault
  /** Store and match keys lower-cased, as some cache servers do (nektos/act's). */
  lowerCaseKeys: boolean
  readonly entries: StoredEntry[]
  /** Every request seen: Twirp method names, or `PUT blob`, `GET blob`, ... */
  readonly calls: string[]
  /** The environment @actions/cache reads (ACTIONS_RESULTS_URL points nowhere while fault is 'down'). */
  env(): Record<string, string>
  close(): Promise<void>
}

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.CacheService/'
const BLOB_PATH = /^\/devstoreaccount1\/cache\/(\d+)$/
export const RUNTIME_TOKEN = 'go-gate-test-token'

export interface CacheServerOptions {
  /**
   * Whether a bearer token is one the service takes; by default only RUNTIME_TOKEN. On github.com
   * the cache and artifact services take the same job token (see results-service.ts).
   */
  acceptsToken?: (token: string) => boolean
}

export async function startCacheServer(options: CacheServerOptions = {}): Promise<CacheServer> {
  const acceptsToken = options.acceptsToken ?? ((token: string) => token === RUNTIME_TOKEN)
  const store = new BlobStore()
  const entries: StoredEntry[] = []
  const hanging = new Set<ServerResponse>()
  let nextId = 1
  const downPort = await closedPort()

  const storedKey = (key: string) => (server.lowerCaseKeys ? key.toLowerCase() : key)
  const signedUrl = (id: number, sig: string) =>
    `${service.base}devstoreaccount1/cache/${id}?sv=2025-01-05&sig=${sig}`

  /** GitHub's lookup: for each key in order, an exact match, else the newest entry the key prefixes. */
  const lookup = (keys: string[], version: string): StoredEntry | undefined => {
    const ready = entries.filter((e) => e.finalized && e.version === version)
    for (const asked of keys) {
      const key = storedKey(asked)
      const exact = ready.find((e) => e.key === key)
      if (exact) return exact
      const prefixed = ready
        .filter((e) => e.key.startsWith(key))
        .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
      if (prefixed.length > 0) return prefixed[0]
    }
    return undefined
  }

  const twirp = async (method: string, req: IncomingMessage, res: ServerResponse) => {
    if (!acceptsToken(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? ''))
      return twirpError(res, 401, 'unauthenticated', 'no token')
    const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as Record<string, unknown>
    switch (server.fault) {
      case 'rate-limit':
        return twirpError(res, 429, 'resource_exhausted', 'rate limited', { 'retry-after': '60' })
      case 'server-error':
        return twirpError(res, 503, 'unavailable', 'the cache service is unavailable')
      case 'garbage': {
        const text = '<html><body>502 Bad Gateway</body></html>'
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': text.length })
        return res.end(text)
      }
    }
    const key = storedKey(String(body.key ?? ''))
    const version = String(body.version ?? '')
    if (method === 'CreateCacheEntry') {
      if (entries.some((e) => e.key === key && e.version === version)) {
        return twirpError(
          res,
          409,
          'already_exists',
          'cache entry with the same key, version, and scope already exists'
        )
      }
      const entry: StoredEntry = {
        id: nextId++,
        key,
        version,
        size: 0,
        finalized: false,
        createdAt: Date.now()
      }
      entries.push(entry)
      return json(res, 200, { ok: true, signed_upload_url: signedUrl(entry.id, 'upload') })
    }
    if (method === 'FinalizeCacheEntryUpload') {
      const entry = entries.find((e) => e.key === key && e.version === version && !e.finalized)
      const size = Number(body.size_bytes ?? 0)
      const actual = entry ? await store.size(entry.id) : -1
      if (!entry || actual !== size)
        return json(res, 200, { ok: false, message: `no upload of ${size} bytes for ${key}` })
      entry.finalized = true
      entry.size = size
      return json(res, 200, { ok: true, entry_id: String(entry.id) })
    }
    if (method === 'GetCacheEntryDownloadURL') {
      const restoreKeys = Array.isArray(body.restore_keys) ? body.restore_keys.map(String) : []
      const entry = lookup([key, ...restoreKeys], version)
      if (!entry) return json(res, 200, { ok: false, signed_download_url: '', matched_key: '' })
      return json(res, 200, {
        ok: true,
        signed_download_url: signedUrl(entry.id, 'download'),
        matched_key: entry.key
      })
    }
    return twirpError(res, 404, 'bad_route', `no method ${method}`)
  }

  const blob = async (id: number, url: URL, req: IncomingMessage, res: ServerResponse) => {
    const entry = entries.find((e) => e.id === id)
    if (!entry) return BlobStore.notFound(res)
    if (req.method === 'PUT') return store.put(id, url, req, res, server.fault === 'upload-error')
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (!entry.finalized) return BlobStore.notFound(res)
      return store.get(id, req, res, {
        contentType: 'application/octet-stream',
        lastModified: entry.createdAt,
        transform:
          server.fault === 'corrupt-archive'
            ? (data) => randomBytes(data.length)
            : server.fault === 'truncated-archive'
              ? (data) => data.subarray(0, Math.floor(data.length / 2))
              : undefined
      })
    }
    BlobStore.notAllowed(res)
  }

  const service = await listenService({
    twirpPrefix: TWIRP_PREFIX,
    blobPath: BLOB_PATH,
    twirp,
    blob,
    intercept(req, res) {
      if (server.fault !== 'hang') return false
      hanging.add(res)
      req.resume()
      return true
    }
  })

  const server: CacheServer = {
    url: service.base,
    fault: 'none',
    lowerCaseKeys: false,
    entries,
    calls: service.calls,
    env() {
      return {
        ACTIONS_CACHE_SERVICE_V2: 'true',
        ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN,
        ACTIONS_RESULTS_URL: server.fault === 'down' ? `http://127.0.0.1:${downPort}/` : service.base,
        GITHUB_SERVER_URL: 'https://github.com'
      }
    },
    async close() {
      for (const res of hanging) res.destroy()
      hanging.clear()
      await service.close()
      store.remove()
    }
  }
  return server
}
