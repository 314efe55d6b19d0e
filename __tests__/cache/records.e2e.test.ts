// Small records (coverage baseline, package timings) through the real @actions/cache client and
// the local cache service: saved per commit, the newest restored by prefix, and a missing or
// failing service gives a note instead of an error.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { restoreRecord, saveRecord } from '../../src/github/records.js'
import { type CacheServer, startCacheServer } from '../support/cache-server.js'
import { enterStep, makeSandbox, recordingReporter, removeSandbox, type Sandbox } from './harness.js'

let server: CacheServer
let box: Sandbox
const home = process.env.HOME

beforeAll(async () => {
  server = await startCacheServer()
  box = makeSandbox(false)
  // Records are cached under ~/.cache/go-gate/records: a home of the test's own.
  process.env.HOME = mkdtempSync(path.join(tmpdir(), 'go-gate-records-home-'))
})

afterAll(async () => {
  await server?.close()
  if (box) await removeSandbox(box)
  if (process.env.HOME && process.env.HOME !== home)
    rmSync(process.env.HOME, { recursive: true, force: true })
  process.env.HOME = home
})

beforeEach(() => {
  server.fault = 'none'
  enterStep(box, server.env())
})

test('records saved per commit are restored newest first by prefix, and the exact key wins', async () => {
  const reporter = recordingReporter()
  expect(await saveRecord('timings', 'go-gate-timings-v1-abc-1111', '{"n":1}', reporter)).toEqual({
    saved: true
  })
  expect(await saveRecord('timings', 'go-gate-timings-v1-abc-2222', '{"n":2}', reporter)).toEqual({
    saved: true
  })
  expect(await saveRecord('timings', 'go-gate-timings-v1-xyz-3333', '{"n":3}', reporter)).toEqual({
    saved: true
  })

  expect(await restoreRecord('timings', ['go-gate-timings-v1-abc-'], reporter)).toEqual({
    content: '{"n":2}',
    matchedKey: 'go-gate-timings-v1-abc-2222'
  })
  expect(
    await restoreRecord('timings', ['go-gate-timings-v1-abc-1111', 'go-gate-timings-v1-abc-'], reporter)
  ).toEqual({ content: '{"n":1}', matchedKey: 'go-gate-timings-v1-abc-1111' })
  // Another name is another path: the same key prefix finds nothing under it.
  expect(await restoreRecord('coverage-baseline', ['go-gate-timings-v1-abc-'], reporter)).toEqual({
    note: 'No coverage-baseline record was found in the cache.'
  })
  expect(reporter.warnings).toEqual([])
})

test('a key the service already holds is not saved again, and says so', async () => {
  const reporter = recordingReporter()
  await saveRecord('timings', 'go-gate-timings-v1-dup-1', '{}', reporter)
  const again = await saveRecord('timings', 'go-gate-timings-v1-dup-1', '{}', reporter)
  expect(again.saved).toBe(false)
  expect(again.note).toMatch(/^The timings record was not saved/)
})

test('no cache service, or one that refuses connections, gives a note naming why', async () => {
  const reporter = recordingReporter()
  delete process.env.ACTIONS_RESULTS_URL
  expect(await restoreRecord('timings', ['go-gate-timings-v1-abc-'], reporter)).toEqual({
    note: expect.stringMatching(
      /^No timings record could be looked up: no cache service is available \(ACTIONS_RESULTS_URL is not set/
    ),
    why: expect.stringMatching(/^no cache service is available \(ACTIONS_RESULTS_URL is not set/)
  })
  // A record that is not there is no fault: no why.
  enterStep(box, server.env())
  expect(await restoreRecord('timings', ['go-gate-timings-v1-none-'], reporter)).toEqual({
    note: 'No timings record was found in the cache.'
  })
  server.fault = 'down'
  enterStep(box, server.env())
  expect(await saveRecord('timings', 'go-gate-timings-v1-abc-4444', '{}', reporter)).toEqual({
    saved: false,
    note: expect.stringMatching(
      /^The timings record was not saved: the cache service at http:\/\/127\.0\.0\.1:\d+ refused the connection \(ECONNREFUSED\)\.$/
    )
  })
  expect(reporter.warnings).toEqual([])
})
