// The cache's decisions as plain functions (the restore policy, the save verdict, which
// service): no Go, no service, milliseconds.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  addedCacheNames,
  backdateBuildCache,
  listCacheNames,
  removeAddedNames
} from '../../src/cache/buildcache.js'
import { BACKDATE_MS } from '../../src/cache/prune.js'
import { isExactKeyMatch, planRestore } from '../../src/cache/restore.js'
import { judgeSave } from '../../src/cache/save.js'
import { cacheServiceOf } from '../../src/cache/service.js'
import { type CacheState, planSave } from '../../src/cache/state.js'

const KEY = 'go-gate-unit-Linux-X64-go1.26.8-abc'

describe('exact key match (actions/cache isExactKeyMatch)', () => {
  test.each<[string | undefined, boolean]>([
    [KEY, true],
    [KEY.toLowerCase(), true],
    [KEY.toUpperCase(), true],
    ['go-gate-unit-Linux-X64-go1.26.8-', false],
    [`${KEY}d`, false],
    [undefined, false]
  ])('%j matches: %s', (matched, exact) => {
    expect(isExactKeyMatch(KEY, matched)).toBe(exact)
  })
})

describe('planRestore', () => {
  test('an exact hit from a server that stores keys lower-cased is a hit, and the post step does not save it again', () => {
    const plan = planRestore(KEY, { kind: 'restored', matchedKey: KEY.toLowerCase() })
    expect(plan).toMatchObject({
      hit: 'true',
      matchedKey: KEY.toLowerCase(),
      cleanUp: false,
      markRestored: true
    })
    expect(plan.notes).toEqual([])
    const state: CacheState = {
      primaryKey: KEY,
      matchedKey: plan.matchedKey,
      paths: ['/m'],
      save: 'always',
      saveTimeoutMs: 1,
      summary: false
    }
    expect(planSave(state, 'success')).toMatchObject({ save: false })
  })

  test('a fallback key is partial and says go.sum changed', () => {
    const plan = planRestore(KEY, { kind: 'restored', matchedKey: 'go-gate-unit-Linux-X64-go1.26.8-old' })
    expect(plan.hit).toBe('partial')
    expect(plan.notes.join(' ')).toMatch(/fallback key .*-old: go\.sum changed/)
  })

  test('a fault warns once and cleans up; a timeout warns with the last error and does not race the abandoned call', () => {
    expect(planRestore(KEY, { kind: 'fault', reason: 'tar exited 2' })).toMatchObject({
      hit: 'false',
      cleanUp: true,
      markRestored: false,
      warning: 'The cache could not be restored (tar exited 2); the run goes on cold.'
    })
    const timeout = planRestore(KEY, { kind: 'timeout', timeoutMs: 3000, lastError: 'HTTP 503' })
    expect(timeout).toMatchObject({ hit: 'false', cleanUp: false, markRestored: false })
    expect(timeout.warning).toMatch(
      /^The cache restore did not finish within cache-restore-timeout \(.+\); the cache service's last error: HTTP 503; go-gate abandoned it and the run goes on cold\.$/
    )
  })

  test('a miss changes nothing; a filled module cache is not restored over, and a found key is not saved again', () => {
    expect(planRestore(KEY, { kind: 'miss' })).toMatchObject({
      hit: 'false',
      cleanUp: false,
      markRestored: false
    })
    const filled = planRestore(KEY, { kind: 'not-restored', moduleCache: '/m', foundKey: KEY.toLowerCase() })
    expect(filled).toMatchObject({ hit: 'false', matchedKey: KEY.toLowerCase(), cleanUp: false })
    expect(filled.notes[0]).toMatch(/\(\/m\) already had content.*cache: false/)
    expect(planRestore(KEY, { kind: 'not-restored', moduleCache: '/m' }).matchedKey).toBeUndefined()
  })
})

describe('which cache service, and what is missing', () => {
  test.each<[NodeJS.ProcessEnv, string]>([
    [{ ACTIONS_CACHE_SERVICE_V2: 'true', ACTIONS_RESULTS_URL: 'http://r/' }, 'v2 http://r/'],
    [{ ACTIONS_CACHE_URL: 'http://c/' }, 'v1 http://c/'],
    // GitHub Enterprise Server speaks v1 even with the v2 flag.
    [
      {
        GITHUB_SERVER_URL: 'https://ghes.example.com',
        ACTIONS_CACHE_SERVICE_V2: 'true',
        ACTIONS_CACHE_URL: 'http://c/'
      },
      'v1 http://c/'
    ]
  ])('%j: %s', (env, expected) => {
    const service = cacheServiceOf(env)
    expect(service.available ? `${service.version} ${service.url}` : service.reason).toBe(expected)
  })

  test('a missing URL is named, with the version that needs it', () => {
    const v2 = cacheServiceOf({ ACTIONS_CACHE_SERVICE_V2: 'true', GITHUB_ACTIONS: 'true' })
    expect(v2).toMatchObject({ available: false })
    expect(!v2.available && v2.reason).toBe(
      'ACTIONS_RESULTS_URL is not set, and the cache service v2 (ACTIONS_CACHE_SERVICE_V2) needs it'
    )
    const both = cacheServiceOf({
      ACTIONS_CACHE_SERVICE_V2: 'true',
      GITHUB_ACTIONS: 'true',
      ACTIONS_CACHE_URL: 'http://c/'
    })
    expect(!both.available && both.reason).toMatch(
      /^ACTIONS_RESULTS_URL is not set, .*; ACTIONS_CACHE_URL is set, as for a v1 service .*only when ACTIONS_CACHE_SERVICE_V2 is unset$/
    )
    const v1 = cacheServiceOf({ ACTIONS_RESULTS_URL: 'http://r/' })
    expect(!v1.available && v1.reason).toMatch(
      /^ACTIONS_CACHE_URL is not set, .*v1.*nektos\/act.*ACTIONS_RESULTS_URL alone is not enough for v1 \(GITHUB_ACTIONS is not set/
    )
  })
})

describe('what a restore added, on disk', () => {
  let root: string
  const put = (rel: string, mtimeMs?: number) => {
    const file = path.join(root, rel)
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, rel)
    if (mtimeMs !== undefined) utimesSync(file, new Date(mtimeMs), new Date(mtimeMs))
  }
  const entry = (c: string, kind: 'a' | 'd') => `${c.repeat(2)}/${c.repeat(64)}-${kind}`
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'go-gate-added-'))
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  test('only names that are new are removed: new folders whole, nothing that was there before', async () => {
    put('README')
    put(entry('a', 'a'))
    put(entry('a', 'd'))
    const before = await listCacheNames(root)
    expect([...before].sort()).toEqual(['README', 'aa', entry('a', 'a'), entry('a', 'd')].sort())
    put(entry('a', 'a')) // overwritten: it was there before, so it stays
    put(entry('b', 'a')) // new, in a new folder
    put(`aa/${'c'.repeat(64)}-d`) // new, in an old folder
    put('trim.txt')
    expect(await addedCacheNames(root, before)).toHaveLength(4)
    expect(await removeAddedNames(root, before)).toBe(4)
    expect(await listCacheNames(root)).toEqual(before)
    expect(readdirSync(root).sort()).toEqual(['README', 'aa'])
  })

  test('backdating can be limited to the restored entries', async () => {
    const now = Date.now()
    put(entry('a', 'a'), now - 5 * 60_000)
    put(entry('b', 'a'), now - 5 * 60_000)
    expect(await backdateBuildCache(root, now, new Set([entry('b', 'a')]))).toEqual({ entries: 1, moved: 1 })
    expect(Math.round(statSync(path.join(root, entry('a', 'a'))).mtimeMs)).toBe(now - 5 * 60_000)
    expect(Math.round(statSync(path.join(root, entry('b', 'a'))).mtimeMs)).toBe(now - BACKDATE_MS)
  })
})

describe('judgeSave', () => {
  const call = { timedOut: false, faults: [], refusals: [] }
  const refusedV2 = 'Unable to reserve cache with key k, another job may be creating this cache.'

  test('a cache id is saved; none is a skip', () => {
    expect(judgeSave('k', { ...call, value: 7 }, 1000)).toEqual({ saved: true })
    expect(judgeSave('k', { ...call, value: -1 }, 1000)).toEqual({
      saved: false,
      skipped: 'the cache service did not take it'
    })
  })

  test('a key already taken (409) is a skip that says so, in v2 and in v1', () => {
    const v2 = judgeSave(
      'k',
      { ...call, refusals: [refusedV2], reserveError: 'Failed request: (409) Conflict' },
      1
    )
    const v1 = judgeSave(
      'k',
      { ...call, refusals: [`${refusedV2.slice(0, -1)} More details: Cache already exists. Key: k`] },
      1
    )
    for (const verdict of [v2, v1])
      expect(verdict).toEqual({
        saved: false,
        skipped:
          'the cache service already holds k (another job or an earlier run saved it; a key is never overwritten)'
      })
  })

  test('any other refused reservation is a fault with its real reason, never "another job"', () => {
    const verdict = judgeSave(
      'k',
      {
        ...call,
        refusals: [refusedV2],
        reserveError: 'Failed to make request after 5 attempts: 503 Service Unavailable'
      },
      1
    )
    expect(verdict).toEqual({
      saved: false,
      fault:
        'the cache service refused to reserve k: Failed to make request after 5 attempts: 503 Service Unavailable'
    })
    expect(judgeSave('k', { ...call, refusals: [refusedV2] }, 1)).toMatchObject({
      fault: expect.stringMatching(/no reason given/)
    })
  })

  test('a timeout gives the last retried error; logged faults come first', () => {
    expect(judgeSave('k', { ...call, timedOut: true, lastRetryError: 'HTTP 503' }, 4000)).toMatchObject({
      fault: expect.stringMatching(
        /^the save did not finish within .+; the cache service's last error: HTTP 503$/
      )
    })
    expect(judgeSave('k', { ...call, faults: ['Failed to save: boom'], refusals: [refusedV2] }, 1)).toEqual({
      saved: false,
      fault: 'Failed to save: boom'
    })
  })
})
