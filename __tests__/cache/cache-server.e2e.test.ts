// The local cache service itself, on the paths the end-to-end tests do not reach
// with small caches: a block upload (comp=block + comp=blocklist, as the Azure SDK
// does above 128 MiB), ranged downloads, and GitHub's newest-first prefix match.
// @azure/storage-blob is the SDK @actions/cache uploads with.

import { randomBytes } from 'node:crypto'
import { BlockBlobClient } from '@azure/storage-blob'
import { type CacheServer, RUNTIME_TOKEN, startCacheServer } from '../support/cache-server.js'

let server: CacheServer

beforeAll(async () => {
  server = await startCacheServer()
})
afterAll(async () => {
  await server?.close()
})

async function call(method: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(`${server.url}twirp/github.actions.results.api.v1.CacheService/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${RUNTIME_TOKEN}` },
    body: JSON.stringify(body)
  })
  return (await res.json()) as Record<string, unknown>
}

async function store(key: string, data: Buffer, blockSize?: number): Promise<void> {
  const created = await call('CreateCacheEntry', { key, version: 'v' })
  expect(created.ok).toBe(true)
  const blob = new BlockBlobClient(String(created.signed_upload_url))
  await blob.uploadData(data, blockSize ? { blockSize, maxSingleShotSize: blockSize, concurrency: 2 } : {})
  expect(
    await call('FinalizeCacheEntryUpload', { key, version: 'v', size_bytes: String(data.length) })
  ).toMatchObject({ ok: true })
}

test('a block upload is put together in blocklist order, and ranges download the right bytes', async () => {
  const data = randomBytes(10_000)
  await store('blocks-1', data, 1024)
  expect(server.calls.filter((c) => c === 'PUT blob block')).toHaveLength(10)
  expect(server.calls).toContain('PUT blob blocklist')

  const found = await call('GetCacheEntryDownloadURL', { key: 'blocks-1', restore_keys: [], version: 'v' })
  expect(found).toMatchObject({ ok: true, matched_key: 'blocks-1' })
  const url = String(found.signed_download_url)
  expect(Buffer.from(await (await fetch(url)).arrayBuffer())).toEqual(data)
  const part = await fetch(url, { headers: { range: 'bytes=100-199' } })
  expect(part.status).toBe(206)
  expect(part.headers.get('content-range')).toBe('bytes 100-199/10000')
  expect(Buffer.from(await part.arrayBuffer())).toEqual(data.subarray(100, 200))
  // The Azure SDK's own download path: properties, then ranged reads.
  expect(await new BlockBlobClient(url).downloadToBuffer(0, 5000)).toEqual(data.subarray(0, 5000))
})

test('lookup: an exact key first, else the newest entry a restore key prefixes; the version must match', async () => {
  // Stored one after the other: bbb is the newer (same millisecond or not, the later entry wins).
  await store('deps-Linux-go1-aaa', Buffer.from('old'))
  await store('deps-Linux-go1-bbb', Buffer.from('new'))
  const lookup = (key: string, restoreKeys: string[], version = 'v') =>
    call('GetCacheEntryDownloadURL', { key, restore_keys: restoreKeys, version })
  expect(await lookup('deps-Linux-go1-aaa', ['deps-Linux-go1-'])).toMatchObject({
    matched_key: 'deps-Linux-go1-aaa'
  })
  expect(await lookup('deps-Linux-go1-ccc', ['deps-Linux-go1-'])).toMatchObject({
    matched_key: 'deps-Linux-go1-bbb'
  })
  expect(await lookup('deps-Linux-go1-ccc', ['deps-Linux-go1-'], 'other')).toMatchObject({ ok: false })
  expect(await lookup('deps-Linux-go2-ccc', ['deps-Linux-go2-'])).toMatchObject({ ok: false })
  expect(await call('CreateCacheEntry', { key: 'deps-Linux-go1-bbb', version: 'v' })).toMatchObject({
    code: 'already_exists'
  })
})

test('a server that lower-cases keys stores them so and matches any case', async () => {
  server.lowerCaseKeys = true
  try {
    await store('Mixed-Linux-X64-abc', Buffer.from('x'))
    expect(server.entries.at(-1)?.key).toBe('mixed-linux-x64-abc')
    expect(
      await call('GetCacheEntryDownloadURL', { key: 'Mixed-Linux-X64-abc', restore_keys: [], version: 'v' })
    ).toMatchObject({ ok: true, matched_key: 'mixed-linux-x64-abc' })
    expect(
      await call('GetCacheEntryDownloadURL', {
        key: 'Mixed-Linux-X64-zzz',
        restore_keys: ['MIXED-Linux-'],
        version: 'v'
      })
    ).toMatchObject({ ok: true, matched_key: 'mixed-linux-x64-abc' })
  } finally {
    server.lowerCaseKeys = false
  }
})
