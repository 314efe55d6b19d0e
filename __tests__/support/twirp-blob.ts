// What the local stand-ins of GitHub's results services share (the cache service in
// cache-server.ts, the artifact service in artifact-server.ts): Twirp JSON answers, and blob
// storage at signed URLs spoken the way the Azure SDK uploads (one PUT, or comp=block +
// comp=blocklist) and the toolkit's http-client downloads (GET, ranges honoured).
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

export function twirpError(
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

/** How a blob download is answered. */
export interface BlobRead {
  contentType: string
  lastModified: number
  /** Changes the bytes sent (a fault); the stored blob stays as it is. */
  transform?: (data: Buffer) => Buffer
}

/** Blobs in a temporary folder, one file per id; staged blocks in memory until their block list. */
export class BlobStore {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'go-gate-blob-store-'))
  private readonly blocks = new Map<number, Map<string, Buffer>>()

  file(id: number): string {
    return path.join(this.dir, `${id}.bin`)
  }

  /** Size of a stored blob, -1 when there is none. */
  size(id: number): Promise<number> {
    return readFile(this.file(id)).then(
      (b) => b.length,
      () => -1
    )
  }

  /** A PUT: the whole blob, one staged block (comp=block), or the block list that commits them. */
  async put(id: number, url: URL, req: IncomingMessage, res: ServerResponse, fail = false): Promise<void> {
    const body = await readBody(req)
    if (fail) return void res.writeHead(500, azureHeaders({ 'x-ms-error-code': 'InternalError' })).end()
    const comp = url.searchParams.get('comp')
    if (comp === 'block') {
      const blockId = url.searchParams.get('blockid') ?? ''
      if (!this.blocks.has(id)) this.blocks.set(id, new Map())
      this.blocks.get(id)?.set(blockId, body)
      return void res.writeHead(201, azureHeaders({ 'content-length': 0 })).end()
    }
    let data: Buffer = body
    if (comp === 'blocklist') {
      const ids = [...body.toString('utf8').matchAll(/<(?:Latest|Committed|Uncommitted)>([^<]*)<\//g)].map(
        (m) => m[1]
      )
      const staged = this.blocks.get(id) ?? new Map<string, Buffer>()
      const parts = ids.map((b) => staged.get(b))
      if (parts.some((p) => p === undefined))
        return void res.writeHead(400, azureHeaders({ 'x-ms-error-code': 'InvalidBlockList' })).end()
      data = Buffer.concat(parts as Buffer[])
      this.blocks.delete(id)
    }
    await writeFile(this.file(id), data)
    res
      .writeHead(
        201,
        azureHeaders({ etag: `"${id}"`, 'last-modified': new Date().toUTCString(), 'content-length': 0 })
      )
      .end()
  }

  /** A GET or HEAD of a stored blob, with `Range` / `x-ms-range` honoured. */
  async get(id: number, req: IncomingMessage, res: ServerResponse, read: BlobRead): Promise<void> {
    let data: Buffer = await readFile(this.file(id))
    if (read.transform) data = read.transform(data)
    const headers = {
      'content-type': read.contentType,
      'x-ms-blob-type': 'BlockBlob',
      'accept-ranges': 'bytes',
      etag: `"${id}"`,
      'last-modified': new Date(read.lastModified).toUTCString()
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
    res.end(req.method === 'HEAD' ? undefined : data)
  }

  /** A blob that is not there (or not finalized yet). */
  static notFound(res: ServerResponse): void {
    res.writeHead(404, azureHeaders({ 'x-ms-error-code': 'BlobNotFound' })).end()
  }

  static notAllowed(res: ServerResponse): void {
    res.writeHead(405, azureHeaders()).end()
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/** The route a request takes: a Twirp method, a blob id, or nothing known. */
export interface ServiceRoutes {
  twirpPrefix: string
  blobPath: RegExp
  twirp(method: string, req: IncomingMessage, res: ServerResponse): Promise<unknown>
  blob(id: number, url: URL, req: IncomingMessage, res: ServerResponse): Promise<unknown>
  /** Called first with every request; true when it answered (or holds) the request itself. */
  intercept?(req: IncomingMessage, res: ServerResponse): boolean
}

export interface ListeningService {
  /** The base URL, ending in '/'. */
  base: string
  /** Every request seen: Twirp method names, or `PUT blob`, `PUT blob block`, `GET blob`, ... */
  calls: string[]
  close(): Promise<void>
}

/** Serves Twirp calls and blobs on 127.0.0.1 at a free port. */
export async function listenService(routes: ServiceRoutes): Promise<ListeningService> {
  let base = ''
  const calls: string[] = []
  const http: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base)
    const twirpMethod = url.pathname.startsWith(routes.twirpPrefix)
      ? url.pathname.slice(routes.twirpPrefix.length)
      : undefined
    const blobMatch = routes.blobPath.exec(url.pathname)
    calls.push(
      twirpMethod ??
        `${req.method} ${blobMatch ? `blob${url.searchParams.get('comp') ? ` ${url.searchParams.get('comp')}` : ''}` : url.pathname}`
    )
    if (routes.intercept?.(req, res)) return
    const handle =
      twirpMethod && req.method === 'POST'
        ? routes.twirp(twirpMethod, req, res)
        : blobMatch
          ? routes.blob(Number(blobMatch[1]), url, req, res)
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
  return {
    base,
    calls,
    async close() {
      http.closeAllConnections()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    }
  }
}
