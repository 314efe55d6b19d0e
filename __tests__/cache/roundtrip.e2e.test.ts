// The cache through real Go and a real @actions/cache against the local cache
// service: a cold run saves, a fresh runner restores exactly, a go.sum change
// restores from the fallback key, the post step prunes what the run did not use,
// and an exact hit is not saved again. The steps build on each other, in order.

import { appendFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import type { CacheState } from '../../src/cache/state.js'
import { type CacheServer, startCacheServer } from '../support/cache-server.js'
import {
  compilations,
  freshRunner,
  goProcessEnv,
  makeSandbox,
  removeSandbox,
  restoreInStep,
  runGo,
  type Sandbox,
  saveInPost
} from './harness.js'

let server: CacheServer
let box: Sandbox
const inputs = { stages: 'unit', 'cache-restore-timeout': '60s' }

beforeAll(async () => {
  server = await startCacheServer()
  box = makeSandbox(true)
})

afterAll(async () => {
  await server?.close()
  if (box) await removeSandbox(box)
})

/** One main step's restore, on this process's environment. */
const restore = () => restoreInStep(box, server.env(), inputs)

const save = (state: CacheState | undefined) => saveInPost(state)

async function goOk(args: string[]) {
  const result = await runGo(args, box.workspace, goProcessEnv(box))
  expect({ args, code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({
    args,
    code: 0,
    stderr: ''
  })
  return result
}

const uuidSource = () => path.join(box.moduleCache, 'github.com/google/uuid@v1.6.0/uuid.go')

test('a cold run saves its caches, and a fresh runner restores them by the exact key', async () => {
  const cold = await restore()
  expect(cold.report.hit).toBe('false')
  expect(cold.reporter.warnings).toEqual([])
  expect(cold.report.key).toMatch(/^go-gate-unit-Linux-X64-go1\.26\.8-[0-9a-f]{64}$/)
  // Nothing restored: nothing for the post step to prune.
  expect(cold.state?.usedSinceMs).toBeUndefined()

  // The run: modules downloaded, ident and yaml compiled.
  await goOk(['mod', 'download'])
  await goOk(['build', './ident', 'gopkg.in/yaml.v3'])

  const saved = await save(cold.state)
  expect(saved.reporter.warnings).toEqual([])
  expect(saved.outcome).toMatchObject({ saved: true, key: cold.report.key, pruned: undefined })
  expect(saved.outcome.archiveBytes).toBeGreaterThan(1_000_000)
  expect(server.entries.filter((e) => e.finalized).map((e) => e.key)).toEqual([cold.report.key])

  await freshRunner(box)
  expect(existsSync(uuidSource())).toBe(false)
  const warm = await restore()
  expect(warm.reporter.warnings).toEqual([])
  expect(warm.report).toMatchObject({ hit: 'true', key: cold.report.key, matchedKey: cold.report.key })
  expect(warm.report.restoredBytes).toBe(saved.outcome.archiveBytes)
  expect(existsSync(uuidSource())).toBe(true)
  // Everything ident needs comes from the restored build cache: nothing is compiled.
  expect(compilations((await goOk(['build', '-x', './ident'])).stderr)).toEqual([])
})

test('after a go.sum change the fallback key restores (partial), and the save prunes what the run did not use', async () => {
  const firstKey = server.entries[0].key
  appendFileSync(path.join(box.workspace, 'go.sum'), '\n')
  await freshRunner(box)

  const partial = await restore()
  expect(partial.reporter.warnings).toEqual([])
  expect(partial.report.hit).toBe('partial')
  expect(partial.report.matchedKey).toBe(firstKey)
  expect(partial.report.key).not.toBe(firstKey)
  expect(partial.report.notes.join(' ')).toContain('fallback key')

  // This run builds ident only: yaml's entries go unused.
  expect(compilations((await goOk(['build', '-x', './ident'])).stderr)).toEqual([])

  const saved = await save(partial.state)
  expect(saved.outcome.saved).toBe(true)
  expect(saved.outcome.pruned?.entries).toBeGreaterThan(0)
  expect(saved.reporter.infos.join('\n')).toMatch(
    /Pruned \d+ build-cache entries go-gate restored and this run did not use/
  )

  // What the run used is still there; what it did not use is gone.
  expect(compilations((await goOk(['build', '-x', './ident'])).stderr)).toEqual([])
  const yaml = compilations((await goOk(['build', '-x', 'gopkg.in/yaml.v3'])).stderr)
  expect(yaml.some((line) => line.includes('gopkg.in/yaml.v3'))).toBe(true)
  expect(server.entries.filter((e) => e.finalized).map((e) => e.key)).toEqual([firstKey, partial.report.key])
})

test('an exact hit is not saved again', async () => {
  await freshRunner(box)
  const exact = await restore()
  expect(exact.report.hit).toBe('true')
  const calls = server.calls.length
  const saved = await save(exact.state)
  expect(saved.outcome).toMatchObject({ saved: false })
  expect(saved.outcome.skipped).toContain('already holds this exact key')
  expect(server.calls.slice(calls)).toEqual([])
})
