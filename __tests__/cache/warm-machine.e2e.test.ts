// A machine that already has a Go build cache (a self-hosted runner, a laptop):
// go-gate's cache must never take away what other work put there. The foreign
// cache is real: a private GOCACHE filled by building and vetting an unrelated
// module (__tests__/fixtures/passing), never the machine's own ~/.cache/go-build.
// Its files are listed before and compared after.

import { cpSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { CacheState } from '../../src/cache/state.js'
import type { GoEnv } from '../../src/pipeline/go.js'
import { type CacheServer, startCacheServer } from '../support/cache-server.js'
import {
  compilations,
  enterStep,
  freshRunner,
  goEnvOf,
  goProcessEnv,
  makeSandbox,
  removeSandbox,
  repoRoot,
  restoreInStep,
  runGo,
  type Sandbox,
  saveInPost
} from './harness.js'

const inputs = { stages: 'unit', 'cache-restore-timeout': '60s' }
const unrelated = path.join(repoRoot, '__tests__/fixtures/passing')
let box: Sandbox
/** A build cache filled by other work, copied into the sandbox's GOCACHE before each run. */
let foreignCache: string
let foreignModule: string
/** Holds the cache-deps build (ident and yaml), its keys stored lower-cased as act's server does. */
let lowered: CacheServer
/** Holds the same build with GOCACHE alone, so half an archive surely unpacks build-cache entries. */
let gocacheOnly: CacheServer
let key: string
const gocacheOnlyEnv = (): GoEnv => ({ ...goEnvOf(box), GOMODCACHE: '' })

/** Every file under dir, relative, sorted. */
function filesUnder(dir: string): string[] {
  const found: string[] = []
  const walk = (rel: string) => {
    for (const dirent of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel === '' ? dirent.name : `${rel}/${dirent.name}`
      if (dirent.isDirectory()) walk(child)
      else found.push(child)
    }
  }
  walk('')
  return found.sort()
}

async function goOk(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const result = await runGo(args, cwd, env)
  expect({ args, code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({
    args,
    code: 0,
    stderr: ''
  })
  return result
}

/**
 * A fresh runner whose GOCACHE already holds the foreign build's entries, all written
 * `ageMs` ago: 30 minutes by default, the age at which Go does not refresh an entry's mtime on use.
 */
async function warmMachine(ageMs = 30 * 60_000): Promise<string[]> {
  await freshRunner(box)
  cpSync(foreignCache, box.buildCache, { recursive: true })
  const when = new Date(Date.now() - ageMs)
  for (const file of filesUnder(box.buildCache)) utimesSync(path.join(box.buildCache, file), when, when)
  return filesUnder(box.buildCache)
}

const restore = (go: GoEnv, server: CacheServer) => restoreInStep(box, server.env(), inputs, go)

const save = (state: CacheState | undefined) => saveInPost(state, 120_000)

const missing = (before: string[]) => {
  const after = new Set(filesUnder(box.buildCache))
  return before.filter((file) => !after.has(file))
}

beforeAll(async () => {
  box = makeSandbox(true)
  const root = mkdtempSync(path.join(tmpdir(), 'go-gate-foreign-'))
  foreignCache = path.join(root, 'gocache')
  foreignModule = path.join(root, 'module')
  cpSync(unrelated, foreignModule, { recursive: true })
  const env = { ...goProcessEnv(box), GOCACHE: foreignCache }
  await goOk(['build', './...'], foreignModule, env)
  await goOk(['vet', './...'], foreignModule, env)
  expect(filesUnder(foreignCache).length).toBeGreaterThan(100)

  // One cold run on an empty machine, saved twice: with both caches, and with GOCACHE alone.
  lowered = await startCacheServer()
  lowered.lowerCaseKeys = true
  gocacheOnly = await startCacheServer()
  await freshRunner(box)
  const cold = await restore(goEnvOf(box), lowered)
  const coldBuildOnly = await restore(gocacheOnlyEnv(), gocacheOnly)
  expect([cold.report.hit, coldBuildOnly.report.hit]).toEqual(['false', 'false'])
  await goOk(['build', './ident', 'gopkg.in/yaml.v3'], box.workspace, goProcessEnv(box))
  enterStep(box, lowered.env())
  expect((await save(cold.state)).outcome.saved).toBe(true)
  enterStep(box, gocacheOnly.env())
  expect((await save(coldBuildOnly.state)).outcome.saved).toBe(true)
  expect([lowered.entries.length, gocacheOnly.entries.length]).toEqual([1, 1])
  key = cold.report.key as string
})

afterAll(async () => {
  await lowered?.close()
  await gocacheOnly?.close()
  if (foreignCache) rmSync(path.dirname(foreignCache), { recursive: true, force: true })
  if (box) await removeSandbox(box)
})

test('a restore fault leaves a warm build cache exactly as it was, and still warm', async () => {
  try {
    const before = await warmMachine()
    gocacheOnly.fault = 'truncated-archive'
    const { report, reporter } = await restore(gocacheOnlyEnv(), gocacheOnly)
    expect(report.hit).toBe('false')
    expect(reporter.warnings).toEqual([
      expect.stringMatching(/^The cache could not be restored \(.*\); the run goes on cold\.$/)
    ])
    // The restore did write before it failed; what it wrote went, and nothing else.
    expect(report.notes.join(' ')).toMatch(
      /The [1-9]\d* files and folders the failed restore had written were removed; the [1-9]\d* build-cache files and folders there before it were kept\./
    )
    expect(filesUnder(box.buildCache)).toEqual(before)
    // Still warm: the unrelated module builds without compiling anything.
    const env = { ...goProcessEnv(box), GOCACHE: box.buildCache }
    expect(compilations((await goOk(['build', '-x', './...'], foreignModule, env)).stderr)).toEqual([])
  } finally {
    gocacheOnly.fault = 'none'
  }
})

test('an exact hit on a server that lower-cases keys is cache-hit true and is not saved again', async () => {
  const server = lowered
  expect(server.entries.map((e) => e.key)).toEqual([key.toLowerCase()])
  expect(key).not.toBe(key.toLowerCase())
  const before = await warmMachine()
  const warm = await restore(goEnvOf(box), server)
  expect(warm.reporter.warnings).toEqual([])
  expect(warm.report).toMatchObject({ hit: 'true', key, matchedKey: key.toLowerCase() })
  expect(warm.report.notes.join(' ')).not.toContain('go.sum changed')
  expect(
    compilations((await goOk(['build', '-x', './ident'], box.workspace, goProcessEnv(box))).stderr)
  ).toEqual([])
  const calls = server.calls.length
  const saved = await save(warm.state)
  expect(saved.outcome).toMatchObject({ saved: false })
  expect(saved.outcome.skipped).toContain('already holds this exact key')
  expect(server.calls.slice(calls)).toEqual([])
  expect(missing(before)).toEqual([])
})

test('a miss on a machine with a warm build cache: the post step deletes nothing that was there, used or not', async () => {
  const server = await startCacheServer()
  try {
    const before = await warmMachine()
    const cold = await restore(goEnvOf(box), server)
    expect(cold.report.hit).toBe('false')
    // The run uses some of the foreign entries (the standard library packages both need).
    await goOk(['build', './ident'], box.workspace, goProcessEnv(box))
    const saved = await save(cold.state)
    expect(saved.reporter.warnings).toEqual([])
    expect(saved.outcome).toMatchObject({ saved: true, pruned: undefined })
    expect(missing(before)).toEqual([])
  } finally {
    await server.close()
  }
})

test('a fallback restore onto a warm machine prunes only restored entries the run did not use', async () => {
  const server = lowered
  // Another go.sum: the fallback key restores; the foreign entries were written 30 minutes ago.
  const sum = path.join(box.workspace, 'go.work.sum')
  cpSync(path.join(box.workspace, 'go.sum'), sum)
  try {
    const before = await warmMachine()
    const partial = await restore(goEnvOf(box), server)
    expect(partial.report.hit).toBe('partial')
    // This run builds ident only: yaml's restored entries go unused.
    expect(
      compilations((await goOk(['build', '-x', './ident'], box.workspace, goProcessEnv(box))).stderr)
    ).toEqual([])
    const saved = await save(partial.state)
    expect(saved.outcome.saved).toBe(true)
    expect(saved.outcome.pruned?.entries).toBeGreaterThan(0)
    expect(missing(before)).toEqual([])
    // What the run used is still there; yaml, which only the restore brought, is gone.
    expect(
      compilations((await goOk(['build', '-x', './ident'], box.workspace, goProcessEnv(box))).stderr)
    ).toEqual([])
    const yaml = compilations(
      (await goOk(['build', '-x', 'gopkg.in/yaml.v3'], box.workspace, goProcessEnv(box))).stderr
    )
    expect(yaml.some((line) => line.includes('gopkg.in/yaml.v3'))).toBe(true)
  } finally {
    rmSync(sum, { force: true })
  }
})
