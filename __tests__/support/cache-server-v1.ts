// A local stand-in for the older cache service v1, which GitHub Enterprise Server
// and nektos/act speak and @actions/cache 6 still uses when ACTIONS_CACHE_SERVICE_V2
// is unset (or the server is GHES): REST under ACTIONS_CACHE_URL/_apis/artifactcache/.
//
//   GET   cache?keys=k1,k2&version=V   204 (miss) or 200 {cacheKey, archiveLocation, scope, creationTime}
//   POST  caches {key, version, cacheSize}   201 {cacheId}; 409 when the key and version exist
//   PATCH caches/{id}   one chunk, Content-Range: bytes a-b/*   204
//   POST  caches/{id} {size}   204 once the chunks add up to size
//   GET   artifacts/{id}   the archive (archiveLocation points here)
//
// Keys are matched like v2's: exact first, else the newest entry a key prefixes.
import { mkdtempSync, rmSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type CacheServer, RUNTIME_TOKEN, type StoredEntry } from './cache-server.js'
import { closedPort, readBody } from './twirp-blob.js'

export type V1CacheServer = CacheServer

const API = '/_apis/artifactcache/'

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

export async function startV1CacheServer(): Promise<V1CacheServer> {
  const store = mkdtempSync(path.join(tmpdir(), 'go-gate-cache-server-v1-'))
  const entries: StoredEntry[] = []
  const chunks = new Map<number, { start: number; data: Buffer }[]>()
  const calls: string[] = []
  const hanging = new Set<ServerResponse>()
  let nextId = 1
  let base = ''
  const downPort = await closedPort()
  const blobFile = (id: number) => path.join(store, `${id}.bin`)
  const storedKey = (key: string) => (server.lowerCaseKeys ? key.toLowerCase() : key)

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

  const api = async (resource: string, url: URL, req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.authorization !== `Bearer ${RUNTIME_TOKEN}`)
      return json(res, 401, { message: 'no token' })
    const body = await readBody(req)
    switch (server.fault) {
      case 'rate-limit':
        return json(res, 429, { message: 'rate limited' })
      case 'server-error':
        return json(res, 503, { message: 'the cache service is unavailable' })
      case 'garbage': {
        const text = '<html><body>502 Bad Gateway</body></html>'
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': text.length })
        return res.end(text)
      }
    }
    if (req.method === 'GET' && resource === 'cache') {
      const keys = (url.searchParams.get('keys') ?? '').split(',').filter((k) => k !== '')
      const entry = lookup(keys, url.searchParams.get('version') ?? '')
      if (!entry) return void res.writeHead(204).end()
      return json(res, 200, {
        cacheKey: entry.key,
        scope: 'refs/heads/main',
        creationTime: new Date(entry.createdAt).toISOString(),
        archiveLocation: `${base}_apis/artifactcache/artifacts/${entry.id}`
      })
    }
    if (req.method === 'POST' && resource === 'caches') {
      const request = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>
      const key = storedKey(String(request.key ?? ''))
      const version = String(request.version ?? '')
      if (entries.some((e) => e.key === key && e.version === version))
        return json(res, 409, {
          message: `Cache already exists. Scope: refs/heads/main, Key: ${key}, Version: ${version}`
        })
      const entry: StoredEntry = {
        id: nextId++,
        key,
        version,
        size: 0,
        finalized: false,
        createdAt: Date.now()
      }
      entries.push(entry)
      return json(res, 201, { cacheId: entry.id })
    }
    const idMatch = /^caches\/(\d+)$/.exec(resource)
    const entry = idMatch ? entries.find((e) => e.id === Number(idMatch[1])) : undefined
    if (idMatch && !entry) return json(res, 404, { message: 'no such cache' })
    if (entry && req.method === 'PATCH') {
      if (server.fault === 'upload-error') return json(res, 500, { message: 'upload failed' })
      const range = /^bytes (\d+)-(\d+)\/\*$/.exec(String(req.headers['content-range'] ?? ''))
      if (!range || Number(range[2]) - Number(range[1]) + 1 !== body.length)
        return json(res, 400, { message: 'bad content-range' })
      const list = chunks.get(entry.id) ?? []
      list.push({ start: Number(range[1]), data: body })
      chunks.set(entry.id, list)
      return void res.writeHead(204).end()
    }
    if (entry && req.method === 'POST') {
      const size = Number((JSON.parse(body.toString('utf8') || '{}') as { size?: number }).size)
      const parts = (chunks.get(entry.id) ?? []).sort((a, b) => a.start - b.start)
      let offset = 0
      for (const part of parts) {
        if (part.start !== offset) return json(res, 400, { message: 'chunks do not join up' })
        offset += part.data.length
      }
      if (offset !== size) return json(res, 400, { message: `got ${offset} bytes, commit says ${size}` })
      await writeFile(blobFile(entry.id), Buffer.concat(parts.map((p) => p.data)))
      chunks.delete(entry.id)
      entry.finalized = true
      entry.size = size
      return void res.writeHead(204).end()
    }
    return json(res, 404, { message: `no route ${req.method} ${resource}` })
  }

  const artifact = async (id: number, res: ServerResponse) => {
    const entry = entries.find((e) => e.id === id && e.finalized)
    if (!entry) return void res.writeHead(404).end()
    let data = await readFile(blobFile(id))
    const length = data.length
    if (server.fault === 'truncated-archive') data = data.subarray(0, Math.floor(data.length / 2))
    // A truncated download still says the whole length, as a dropped connection would.
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': length })
    if (data.length < length) {
      res.write(data)
      return void res.destroy()
    }
    res.end(data)
  }

  const http: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base)
    const resource = url.pathname.startsWith(API) ? url.pathname.slice(API.length) : undefined
    calls.push(`${req.method} ${resource ?? url.pathname}`)
    if (server.fault === 'hang') {
      hanging.add(res)
      req.resume()
      return
    }
    const artifactMatch = resource ? /^artifacts\/(\d+)$/.exec(resource) : null
    const handle = artifactMatch
      ? artifact(Number(artifactMatch[1]), res)
      : resource !== undefined
        ? api(resource, url, req, res)
        : undefined
    if (!handle) return void res.writeHead(404).end()
    handle.catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { message: String(error) })
      else res.destroy()
    })
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`

  const server: V1CacheServer = {
    url: base,
    fault: 'none',
    lowerCaseKeys: false,
    entries,
    calls,
    env() {
      return {
        ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN,
        ACTIONS_CACHE_URL: server.fault === 'down' ? `http://127.0.0.1:${downPort}/` : base,
        // GitHub Enterprise Server: @actions/cache speaks v1 there whatever else is set.
        GITHUB_SERVER_URL: 'https://ghes.example.com'
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
