// The cache service v1 (GitHub Enterprise Server, nektos/act), through the real
// @actions/cache client and go-gate's restore and save, against the v1 stand-in:
// a save, an exact restore, a refused second save of the same key, a lower-cased
// key that is still exact, and a refused connection named as such.

import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { CacheState } from '../../src/cache/state.js'
import { startV1CacheServer, type V1CacheServer } from '../support/cache-server-v1.js'
import {
  freshRunner,
  makeSandbox,
  removeSandbox,
  restoreInStep,
  type Sandbox,
  saveInPost
} from './harness.js'

const inputs = { stages: 'unit', 'cache-restore-timeout': '60s' }
let server: V1CacheServer
let box: Sandbox
const moduleFile = () => path.join(box.moduleCache, 'example.com/m@v1.0.0/m.go')

beforeAll(async () => {
  server = await startV1CacheServer()
  box = makeSandbox(true)
})
afterAll(async () => {
  await server?.close()
  if (box) await removeSandbox(box)
})

const restore = () => restoreInStep(box, server.env(), inputs)

const save = (state: CacheState | undefined) => saveInPost(state)

test('a save and an exact restore round-trip through the v1 REST protocol', async () => {
  const cold = await restore()
  expect(cold.reporter.warnings).toEqual([])
  expect(cold.report.hit).toBe('false')
  expect(cold.reporter.infos.join('\n')).toContain('(cache service v1)')
  mkdirSync(path.dirname(moduleFile()), { recursive: true })
  writeFileSync(moduleFile(), randomBytes(300 * 1024))
  const saved = await save(cold.state)
  expect(saved.reporter.warnings).toEqual([])
  expect(saved.outcome).toMatchObject({ saved: true, key: cold.report.key })
  expect(server.calls).toEqual(
    expect.arrayContaining(['GET cache', 'POST caches', 'PATCH caches/1', 'POST caches/1'])
  )

  await freshRunner(box)
  expect(existsSync(moduleFile())).toBe(false)
  const warm = await restore()
  expect(warm.reporter.warnings).toEqual([])
  expect(warm.report).toMatchObject({ hit: 'true', matchedKey: cold.report.key })
  expect(existsSync(moduleFile())).toBe(true)
  expect(server.calls).toContain('GET artifacts/1')

  // Another run saving the same key: the service answers 409; an info line, not a warning.
  const again = await save(cold.state)
  expect(again.reporter.warnings).toEqual([])
  expect(again.outcome.saved).toBe(false)
  expect(again.outcome.skipped).toMatch(/already holds .*never overwritten/)
})

test('a server that stores keys lower-cased still gives an exact hit, and the post step does not save again', async () => {
  server.lowerCaseKeys = true
  try {
    await freshRunner(box)
    const cold = await restore()
    expect(cold.report.hit).toBe('false')
    mkdirSync(path.dirname(moduleFile()), { recursive: true })
    writeFileSync(moduleFile(), randomBytes(1024))
    expect((await save(cold.state)).outcome.saved).toBe(true)
    await freshRunner(box)
    const warm = await restore()
    expect(warm.report.hit).toBe('true')
    expect(warm.report.matchedKey).toBe(cold.report.key?.toLowerCase())
    const calls = server.calls.length
    const saved = await save(warm.state)
    expect(saved.outcome.skipped).toContain('already holds this exact key')
    expect(server.calls.slice(calls)).toEqual([])
  } finally {
    server.lowerCaseKeys = false
  }
})

test('a refused connection is named, not retried, and costs no "another job" message', async () => {
  server.fault = 'down'
  try {
    await freshRunner(box)
    const { report, reporter, state } = await restore()
    expect(report.hit).toBe('false')
    expect(reporter.warnings).toEqual([
      expect.stringMatching(
        /could not be restored \(the cache service at http:\/\/127\.0\.0\.1:\d+ refused the connection \(ECONNREFUSED\)\)/
      )
    ])
    const saved = await save(state)
    expect(saved.reporter.warnings).toEqual([
      expect.stringMatching(
        /^The cache was not saved \(the cache service at .* refused the connection \(ECONNREFUSED\)\)/
      )
    ])
    expect([...reporter.infos, ...saved.reporter.infos].join('\n')).not.toMatch(/Attempt \d|another job/)
  } finally {
    server.fault = 'none'
  }
})
