// The cache's pure core: keys, paths, state, the save decision and the prune plan.
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  backdateBuildCache,
  hasBuildCacheEntries,
  removeBuildCacheEntries,
  scanBuildCache
} from '../../src/cache/buildcache.js'
import { cacheKeys, hashSumFiles } from '../../src/cache/key.js'
import { cachePaths, golangciLintCacheDir } from '../../src/cache/paths.js'
import { BACKDATE_MS, type BuildCacheEntry, MTIME_INTERVAL_MS, planPrune } from '../../src/cache/prune.js'
import { type CacheState, decodeCacheState, encodeCacheState, planSave } from '../../src/cache/state.js'
import { readSumFiles } from '../../src/cache/sums.js'
import { captureActionsLog, parseActionsLogLine } from '../../src/github/cache-call.js'

describe('cache keys', () => {
  const parts = {
    prefix: 'go-gate-lint-unit',
    runnerOs: 'Linux',
    runnerArch: 'X64',
    goVersion: 'go1.26.8',
    sumsHash: 'abc123'
  }

  test('primary key and the fallback without the hash', () => {
    expect(cacheKeys(parts)).toEqual({
      primary: 'go-gate-lint-unit-Linux-X64-go1.26.8-abc123',
      restoreKeys: ['go-gate-lint-unit-Linux-X64-go1.26.8-']
    })
  })

  test('commas and spaces cannot reach a key', () => {
    const keys = cacheKeys({ ...parts, prefix: 'a,b c', goVersion: 'go1.26.8 X:nodwarf5' })
    expect(keys.primary).toBe('a_b_c-Linux-X64-go1.26.8_X:nodwarf5-abc123')
  })

  test('the sums hash follows content and place, not listing order', () => {
    const a = { path: 'go.sum', sha256: '1' }
    const b = { path: 'tools/go.sum', sha256: '2' }
    expect(hashSumFiles([a, b])).toBe(hashSumFiles([b, a]))
    expect(hashSumFiles([a, b])).not.toBe(hashSumFiles([a, { ...b, sha256: '3' }]))
    expect(hashSumFiles([a, b])).not.toBe(hashSumFiles([a, { ...b, path: 'tool/go.sum' }]))
  })

  test('go.sum and go.work.sum are found through the workspace; vendor, testdata and dot folders are not searched', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'go-gate-sums-'))
    try {
      for (const file of [
        'go.sum',
        'go.work.sum',
        'svc/api/go.sum',
        'vendor/x/go.sum',
        'a/testdata/go.sum',
        '.git/go.sum',
        'svc/go.mod'
      ]) {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
        writeFileSync(path.join(root, file), file)
      }
      const found = await readSumFiles(root)
      expect(found.map((f) => f.path).sort()).toEqual(['go.sum', 'go.work.sum', 'svc/api/go.sum'])
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('cache paths', () => {
  test('golangci-lint cache: GOLANGCI_LINT_CACHE, else the user cache folder', () => {
    expect(golangciLintCacheDir({ GOLANGCI_LINT_CACHE: '/c/lint' }, 'linux', '/home/r')).toBe('/c/lint')
    expect(golangciLintCacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/r')).toBe('/xdg/golangci-lint')
    expect(golangciLintCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/r')).toBe(
      '/home/r/.cache/golangci-lint'
    )
    expect(golangciLintCacheDir({}, 'darwin', '/Users/r')).toBe('/Users/r/Library/Caches/golangci-lint')
    expect(
      golangciLintCacheDir({ LocalAppData: 'C:\\Users\\r\\AppData\\Local' }, 'win32', 'C:\\Users\\r')
    ).toBe('C:\\Users\\r\\AppData\\Local\\golangci-lint')
  })

  test('module cache, build cache and lint cache, in that order; GOCACHE=off is left out', () => {
    expect(cachePaths({ GOMODCACHE: '/m', GOCACHE: '/b' }, '/l')).toEqual({
      all: ['/m', '/b', '/l'],
      moduleCache: '/m',
      buildCaches: ['/b', '/l'],
      lintCache: '/l'
    })
    expect(cachePaths({ GOMODCACHE: '/m', GOCACHE: 'off' }).all).toEqual(['/m'])
  })
})

describe('state and the save decision', () => {
  const state: CacheState = {
    primaryKey: 'k-2',
    matchedKey: 'k-1',
    paths: ['/m', '/b'],
    save: 'always',
    buildCacheDir: '/b',
    usedSinceMs: 1_700_000_000_000,
    saveTimeoutMs: 600_000,
    summary: true
  }
  const roundTrip = (s: CacheState) => {
    const map = new Map(encodeCacheState(s))
    return decodeCacheState((name) => map.get(name) ?? '')
  }

  test('survives the trip through state strings', () => {
    expect(roundTrip(state)).toEqual({ ...state, lintCacheDir: undefined })
    expect(roundTrip({ ...state, usedSinceMs: undefined, matchedKey: undefined })).toMatchObject({
      usedSinceMs: undefined,
      matchedKey: undefined
    })
  })

  test('no state, no save', () => {
    expect(decodeCacheState(() => '')).toBeUndefined()
    expect(planSave(undefined, 'success')).toMatchObject({ save: false })
  })

  test.each<[Partial<CacheState>, string, boolean]>([
    [{}, 'success', true],
    [{}, 'failure', true],
    [{}, '', true],
    [{ save: 'never' }, 'success', false],
    [{ save: 'on-success' }, 'success', true],
    [{ save: 'on-success' }, 'failure', false],
    [{ save: 'on-success' }, '', false],
    [{ matchedKey: 'k-2' }, 'success', false]
  ])('%j with result %j saves: %s', (change, result, saves) => {
    expect(planSave({ ...state, ...change }, result).save).toBe(saves)
  })
})

describe('prune plan', () => {
  const T = 1_700_000_000_000
  const hex = (n: number) => n.toString(16).padStart(64, '0')
  const action = (n: number, out: number, mtimeMs: number): BuildCacheEntry => ({
    file: `00/${hex(n)}-a`,
    kind: 'action',
    id: hex(n),
    outputId: hex(out),
    mtimeMs,
    bytes: 175
  })
  const output = (n: number, mtimeMs: number, bytes = 1000): BuildCacheEntry => ({
    file: `00/${hex(n)}-d`,
    kind: 'output',
    id: hex(n),
    mtimeMs,
    bytes
  })

  test('keeps what the run used or wrote and the outputs they point at; drops the rest', () => {
    const entries = [
      action(1, 101, T + 5000), // used in the run
      output(101, T - BACKDATE_MS), // its output: not touched (Go touched only the index entry), still kept
      action(2, 102, T - BACKDATE_MS), // restored, not used
      output(102, T - BACKDATE_MS),
      action(3, 103, T - 3 * 86_400_000), // old and not used
      output(103, T - 3 * 86_400_000),
      output(104, T + 1000, 500) // written in the run without an index entry yet: kept
    ]
    const plan = planPrune(entries, T, new Set(entries.map((e) => e.file)))
    expect(plan.remove.map((e) => e.id)).toEqual([hex(2), hex(3), hex(102), hex(103)])
    expect(plan.removeBytes).toBe(2 * 175 + 2 * 1000)
    expect(plan).toMatchObject({ keepEntries: 3, keepBytes: 175 + 1000 + 500 })
  })

  test('an output shared by a kept and a dropped index entry stays', () => {
    const entries = [action(1, 100, T + 1), action(2, 100, T - BACKDATE_MS), output(100, T - BACKDATE_MS)]
    const plan = planPrune(entries, T, new Set(entries.map((e) => e.file)))
    expect(plan.remove.map((e) => e.id)).toEqual([hex(2)])
  })

  test('only what the restore brought is pruned: entries that were on the machine stay, however old', () => {
    const restored = [action(1, 101, T - BACKDATE_MS), output(101, T - BACKDATE_MS)]
    const foreign = [
      action(2, 102, T - 3 * 86_400_000), // old, not used by the run
      output(102, T - 3 * 86_400_000),
      action(3, 103, T - 30 * 60_000), // written 30 minutes before the run and used by it: Go kept its mtime
      output(103, T - 30 * 60_000),
      action(4, 101, T - 3 * 86_400_000) // a foreign index entry pointing at a restored output keeps it
    ]
    const plan = planPrune([...restored, ...foreign], T, new Set(restored.map((e) => e.file)))
    expect(plan.remove.map((e) => e.id)).toEqual([hex(1)])
  })
})

describe('build cache on disk', () => {
  let root: string
  const T = Date.now()
  const write = (name: string, content: string, mtimeMs: number) => {
    const file = path.join(root, name.slice(0, 2), name)
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, content)
    utimesSync(file, new Date(mtimeMs), new Date(mtimeMs))
    return file
  }
  const id = (c: string) => c.repeat(64)

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'go-gate-gocache-'))
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  test('backdating moves only entries that a use would not touch, past mtimeInterval', async () => {
    const recent = write(
      `${id('a')}-a`,
      `v1 ${id('a')} ${id('b')} ${'10'.padStart(20)} ${'1'.padStart(20)}\n`,
      T - 10 * 60_000
    )
    const old = write(`${id('c')}-d`, 'x', T - 3 * MTIME_INTERVAL_MS)
    const other = write('README', 'not an entry', T)
    expect(await backdateBuildCache(root, T)).toEqual({ entries: 2, moved: 1 })
    expect(Math.round(statSync(recent).mtimeMs)).toBe(T - BACKDATE_MS)
    expect(Math.round(statSync(old).mtimeMs)).toBe(T - 3 * MTIME_INTERVAL_MS)
    expect(Math.round(statSync(other).mtimeMs)).toBe(T)
  })

  test('scan reads index entries, sizes and executables; removal deletes just the planned entries', async () => {
    write(`${id('a')}-a`, `v1 ${id('a')} ${id('b')} ${'10'.padStart(20)} ${'1'.padStart(20)}\n`, T)
    write(`${id('b')}-d`, '0123456789', T)
    const exe = path.join(root, 'cc', `${id('c')}-d`)
    mkdirSync(exe, { recursive: true })
    writeFileSync(path.join(exe, 'tool'), 'binary!')
    write(`${id('d')}-a`, 'garbage', T - BACKDATE_MS)
    const entries = await scanBuildCache(root)
    const byId = new Map(entries.map((e) => [e.id, e]))
    expect(byId.get(id('a'))).toMatchObject({ kind: 'action', outputId: id('b'), bytes: 175 })
    expect(byId.get(id('b'))).toMatchObject({ kind: 'output', bytes: 10 })
    expect(byId.get(id('c'))).toMatchObject({ kind: 'output', isDir: true, bytes: 7 })
    expect(byId.get(id('d'))).toMatchObject({ kind: 'action', outputId: undefined })

    const plan = planPrune(entries, T, new Set(entries.map((e) => e.file)))
    expect(plan.remove.map((e) => e.id).sort()).toEqual([id('d')])
    expect(await removeBuildCacheEntries(root, [byId.get(id('c')) as BuildCacheEntry, ...plan.remove])).toBe(
      2
    )
    expect((await scanBuildCache(root)).map((e) => e.id).sort()).toEqual([id('a'), id('b')])
    expect(await hasBuildCacheEntries(root)).toBe(true)
  })
})

describe('the @actions log', () => {
  test('workflow commands are parsed and unescaped', () => {
    expect(parseActionsLogLine('::warning::Failed to restore: a%0Ab %25')).toEqual({
      level: 'warning',
      message: 'Failed to restore: a\nb %'
    })
    expect(parseActionsLogLine('::error title=x::boom')).toEqual({ level: 'error', message: 'boom' })
    expect(parseActionsLogLine('Cache Size: ~1 MB (1048576 B)')).toEqual({
      level: 'info',
      message: 'Cache Size: ~1 MB (1048576 B)'
    })
  })

  test('capture routes lines written in pieces, passes other workflow commands on, and stops cleanly', () => {
    const real = process.stdout.write
    const written: string[] = []
    const recorder = ((chunk: string | Uint8Array) => {
      written.push(String(chunk))
      return true
    }) as typeof process.stdout.write
    process.stdout.write = recorder
    const seen: string[] = []
    try {
      const capture = captureActionsLog((line) => {
        seen.push(`${line.level}:${line.message}`)
        process.stdout.write(`sink wrote ${line.level}\n`)
      })
      process.stdout.write('::warn')
      process.stdout.write('ing::half\nwhole\n::add-mask::s3cret\n')
      process.stdout.write(Buffer.from('tail'))
      capture.stop()
      expect(process.stdout.write).toBe(recorder)
    } finally {
      process.stdout.write = real
    }
    expect(seen).toEqual(['warning:half', 'info:whole', 'info:tail'])
    expect(written).toEqual([
      'sink wrote warning\n',
      'sink wrote info\n',
      '::add-mask::s3cret\n',
      'sink wrote info\n'
    ])
  })

  test('after an abandoned call, only its late fault lines are defused, until it settles', async () => {
    const real = process.stdout.write
    const written: string[] = []
    const recorder = ((chunk: string | Uint8Array) => {
      written.push(String(chunk))
      return true
    }) as typeof process.stdout.write
    process.stdout.write = recorder
    try {
      let settle = () => {}
      const done = new Promise<void>((resolve) => {
        settle = resolve
      })
      captureActionsLog(() => {}).stopAfter(done)
      process.stdout.write('::warning::Failed to restore: ECONNRESET\n')
      process.stdout.write('::warning::a test annotation\n')
      settle()
      await done
      await Promise.resolve()
      expect(process.stdout.write).toBe(recorder)
    } finally {
      process.stdout.write = real
    }
    expect(written).toEqual([
      'go-gate: an abandoned cache call ended: Failed to restore: ECONNRESET\n',
      '::warning::a test annotation\n'
    ])
  })
})
