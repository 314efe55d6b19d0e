// A local stand-in for the cache service @actions/cache 6 talks to on github.com
// (cache service v2): Twirp JSON calls at ACTIONS_RESULTS_URL, and blob storage
// at the signed URLs they hand out, spoken the way the Azure SDK uploads (one PUT,
// or comp=block + comp=blocklist) and http-client downloads (GET, ranges honoured).
// Faults are switched per test through `fault`.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'

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

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

function twirpError(
  res: ServerResponse,
  status: number,
  code: string,
  msg: string,
  headers: Record<string, string> = {}
): void {
  const text = JSON.stringify({ code, msg })
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers
  })
  res.end(text)
}

function azureHeaders(extra: Record<string, string | number> = {}): Record<string, string | number> {
  return {
    'x-ms-request-id': randomBytes(8).toString('hex'),
    'x-ms-version': '2025-01-05',
    date: new Date().toUTCString(),
    ...extra
  }
}

/** A port nothing listens on: bind one, then let it go. */
export async function closedPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const port = (probe.address() as AddressInfo).port
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

/** Byte range of a `bytes=a-b` header, clamped to size. */
function parseRange(header: string | undefined, size: number): [number, number] | undefined {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null
  if (!m) return undefined
  if (m[1] === '') return [Math.max(0, size - Number(m[2])), size - 1]
  const start = Number(m[1])
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  return [start, end]
}

export async function startCacheServer(): Promise<CacheServer> {
  const store = mkdtempSync(path.join(tmpdir(), 'go-gate-cache-server-'))
  const entries: StoredEntry[] = []
  const blocks = new Map<number, Map<string, Buffer>>()
  const calls: string[] = []
  const hanging = new Set<ServerResponse>()
  let nextId = 1
  let base = ''
  const downPort = await closedPort()

  const storedKey = (key: string) => (server.lowerCaseKeys ? key.toLowerCase() : key)
  const blobFile = (id: number) => path.join(store, `${id}.bin`)
  const signedUrl = (id: number, sig: string) =>
    `${base}devstoreaccount1/cache/${id}?sv=2025-01-05&sig=${sig}`

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
    if (req.headers.authorization !== `Bearer ${RUNTIME_TOKEN}`)
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
      const actual = entry
        ? await readFile(blobFile(entry.id)).then(
            (b) => b.length,
            () => -1
          )
        : -1
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
    if (!entry) return void res.writeHead(404, azureHeaders({ 'x-ms-error-code': 'BlobNotFound' })).end()
    if (req.method === 'PUT') {
      const body = await readBody(req)
      if (server.fault === 'upload-error')
        return void res.writeHead(500, azureHeaders({ 'x-ms-error-code': 'InternalError' })).end()
      const comp = url.searchParams.get('comp')
      if (comp === 'block') {
        const blockId = url.searchParams.get('blockid') ?? ''
        if (!blocks.has(id)) blocks.set(id, new Map())
        blocks.get(id)?.set(blockId, body)
        return void res.writeHead(201, azureHeaders({ 'content-length': 0 })).end()
      }
      if (comp === 'blocklist') {
        const ids = [...body.toString('utf8').matchAll(/<(?:Latest|Committed|Uncommitted)>([^<]*)<\//g)].map(
          (m) => m[1]
        )
        const staged = blocks.get(id) ?? new Map<string, Buffer>()
        const parts = ids.map((b) => staged.get(b))
        if (parts.some((p) => p === undefined))
          return void res.writeHead(400, azureHeaders({ 'x-ms-error-code': 'InvalidBlockList' })).end()
        await writeFile(blobFile(id), Buffer.concat(parts as Buffer[]))
        blocks.delete(id)
        return void res
          .writeHead(
            201,
            azureHeaders({ etag: `"${id}"`, 'last-modified': new Date().toUTCString(), 'content-length': 0 })
          )
          .end()
      }
      await writeFile(blobFile(id), body)
      return void res
        .writeHead(
          201,
          azureHeaders({ etag: `"${id}"`, 'last-modified': new Date().toUTCString(), 'content-length': 0 })
        )
        .end()
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (!entry.finalized)
        return void res.writeHead(404, azureHeaders({ 'x-ms-error-code': 'BlobNotFound' })).end()
      let data = await readFile(blobFile(id))
      if (server.fault === 'corrupt-archive') data = randomBytes(data.length)
      if (server.fault === 'truncated-archive') data = data.subarray(0, Math.floor(data.length / 2))
      const headers = {
        'content-type': 'application/octet-stream',
        'x-ms-blob-type': 'BlockBlob',
        'accept-ranges': 'bytes',
        etag: `"${id}"`,
        'last-modified': new Date(entry.createdAt).toUTCString()
      }
      const range = parseRange(
        (req.headers['x-ms-range'] as string | undefined) ?? req.headers.range,
        data.length
      )
      if (range) {
        const [start, end] = range
        if (start >= data.length || start > end)
          return void res.writeHead(416, azureHeaders({ 'content-range': `bytes */${data.length}` })).end()
        const part = data.subarray(start, end + 1)
        res.writeHead(
          206,
          azureHeaders({
            ...headers,
            'content-length': part.length,
            'content-range': `bytes ${start}-${end}/${data.length}`
          })
        )
        return void res.end(req.method === 'HEAD' ? undefined : part)
      }
      res.writeHead(200, azureHeaders({ ...headers, 'content-length': data.length }))
      return void res.end(req.method === 'HEAD' ? undefined : data)
    }
    res.writeHead(405, azureHeaders()).end()
  }

  const http: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base)
    const twirpMethod = url.pathname.startsWith(TWIRP_PREFIX)
      ? url.pathname.slice(TWIRP_PREFIX.length)
      : undefined
    const blobMatch = BLOB_PATH.exec(url.pathname)
    calls.push(
      twirpMethod ??
        `${req.method} ${blobMatch ? `blob${url.searchParams.get('comp') ? ` ${url.searchParams.get('comp')}` : ''}` : url.pathname}`
    )
    if (server.fault === 'hang') {
      hanging.add(res)
      req.resume()
      return
    }
    const handle =
      twirpMethod && req.method === 'POST'
        ? twirp(twirpMethod, req, res)
        : blobMatch
          ? blob(Number(blobMatch[1]), url, req, res)
          : undefined
    if (!handle) {
      res.writeHead(404).end()
      return
    }
    handle.catch((error: unknown) => {
      if (!res.headersSent) twirpError(res, 500, 'internal', String(error))
      else res.destroy()
    })
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`

  const server: CacheServer = {
    url: base,
    fault: 'none',
    lowerCaseKeys: false,
    entries,
    calls,
    env() {
      return {
        ACTIONS_CACHE_SERVICE_V2: 'true',
        ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN,
        ACTIONS_RESULTS_URL: server.fault === 'down' ? `http://127.0.0.1:${downPort}/` : base,
        GITHUB_SERVER_URL: 'https://github.com'
      }
    },
    async close() {
      for (const res of hanging) res.destroy()
      hanging.clear()
      http.closeAllConnections()
      await new Promise<void>((resolve) => http.close(() => resolve()))
      rmSync(store, { recursive: true, force: true })
    }
  }
  return server
}
