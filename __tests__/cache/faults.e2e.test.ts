// Every fault of the cache service leaves the restore cold (hit 'false') with one
// warning that gives the reason, and never throws. The caches here are stand-ins
// (random files in Go's layouts); what matters is what the service does.
import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { decodeCacheState } from '../../src/cache/state.js'
import { restoreGoCache } from '../../src/github/cache.js'
import { abandonedCallsEnded } from '../../src/github/cache-call.js'
import { saveGoCache } from '../../src/github/post.js'
import { type CacheFault, type CacheServer, startCacheServer } from '../support/cache-server.js'
import {
  enterStep,
  freshRunner,
  goEnvOf,
  makeSandbox,
  optionsFor,
  recordingReporter,
  removeSandbox,
  type Sandbox,
  stateEnv,
  stateReader
} from './harness.js'

const RESTORE_TIMEOUT_MS = 3000
const inputs = { stages: 'unit', 'cache-restore-timeout': `${RESTORE_TIMEOUT_MS}ms` }
let box: Sandbox
/** Holds one saved entry, for the faults that need something to download. */
let stocked: CacheServer

/** Module-cache and build-cache look-alikes: enough random files that half an archive still unpacks some. */
function fillCaches(box: Sandbox): void {
  for (let i = 0; i < 48; i++) {
    const dir = path.join(box.moduleCache, `example.com/m${i}@v1.0.0`)
    mkdirSync(dir, { recursive: true })
    writeFileSync(path.join(dir, 'm.go'), randomBytes(64 * 1024))
  }
  mkdirSync(path.join(box.moduleCache, 'cache/download/example.com'), { recursive: true })
  for (let i = 0; i < 16; i++) {
    const id = randomBytes(32).toString('hex')
    const out = randomBytes(32).toString('hex')
    mkdirSync(path.join(box.buildCache, id.slice(0, 2)), { recursive: true })
    mkdirSync(path.join(box.buildCache, out.slice(0, 2)), { recursive: true })
    writeFileSync(
      path.join(box.buildCache, id.slice(0, 2), `${id}-a`),
      `v1 ${id} ${out} ${'65536'.padStart(20)} ${'1'.padStart(20)}\n`
    )
    writeFileSync(path.join(box.buildCache, out.slice(0, 2), `${out}-d`), randomBytes(64 * 1024))
  }
}

function isEmpty(dir: string): boolean {
  return readdirSync(dir).length === 0
}

async function restoreWith(server: CacheServer) {
  await freshRunner(box)
  enterStep(box, server.env())
  const reporter = recordingReporter()
  const report = await restoreGoCache(optionsFor(box, inputs), goEnvOf(box), reporter)
  return { report, reporter }
}

beforeAll(async () => {
  box = makeSandbox(true)
  stocked = await startCacheServer()
  enterStep(box, stocked.env())
  await restoreGoCache(optionsFor(box, inputs), goEnvOf(box), recordingReporter())
  fillCaches(box)
  const state = decodeCacheState(stateReader(stateEnv(box.stateFile)))
  const outcome = await saveGoCache(state, 'success', recordingReporter(), Date.now() + 60_000)
  expect(outcome.saved).toBe(true)
})

afterAll(async () => {
  await stocked?.close()
  // Abandoned restores retry against the closed services until they give up: let them end here,
  // not in the next test file's worker.
  await abandonedCallsEnded()
  if (box) await removeSandbox(box)
})

test('the stocked service restores (the faults below are faults, not misses)', async () => {
  stocked.fault = 'none'
  const { report, reporter } = await restoreWith(stocked)
  expect(reporter.warnings).toEqual([])
  expect(report.hit).toBe('true')
  expect(isEmpty(box.moduleCache)).toBe(false)
})

// Faults in the calls: each on a fresh service that is closed right after, so a retry the
// abandoned restore still has in flight meets a closed port, not the next test.
test.each<[CacheFault, RegExp]>([
  // Refused at once, by one connection: not five retries that end in a timeout.
  [
    'down',
    /could not be restored \(the cache service at http:\/\/127\.0\.0\.1:\d+ refused the connection \(ECONNREFUSED\)\)/
  ],
  ['rate-limit', /[Rr]ate limit/],
  ['server-error', /did not finish within cache-restore-timeout .*last error: .*503/],
  ['garbage', /did not finish within cache-restore-timeout/],
  ['hang', /did not finish within cache-restore-timeout/]
])('%s: the restore gives one warning with the reason and a cold run', async (fault, warning) => {
  const server = await startCacheServer()
  try {
    server.fault = fault
    const { report, reporter } = await restoreWith(server)
    expect(report.hit).toBe('false')
    expect(reporter.warnings).toHaveLength(1)
    expect(reporter.warnings[0]).toMatch(warning)
    expect(reporter.warnings[0]).toMatch(/the run goes on cold/)
    if (fault === 'down') expect(reporter.infos.join('\n')).not.toMatch(/Attempt \d/)
    // The post step still gets its state: the run saves what it builds, if the service recovers.
    expect(decodeCacheState(stateReader(stateEnv(box.stateFile)))?.primaryKey).toBe(report.key)
  } finally {
    await server.close()
  }
})

test.each<[CacheFault]>([['corrupt-archive'], ['truncated-archive']])(
  '%s: the restore warns, leaves nothing half-restored, and the run goes on cold',
  async (fault) => {
    stocked.fault = fault
    try {
      const { report, reporter } = await restoreWith(stocked)
      expect(report.hit).toBe('false')
      expect(reporter.warnings).toHaveLength(1)
      expect(reporter.warnings[0]).toMatch(/could not be restored .*the run goes on cold/)
      expect(isEmpty(box.moduleCache)).toBe(true)
      expect(isEmpty(box.buildCache)).toBe(true)
      // Half an archive unpacks its first files before tar fails; random bytes unpack nothing.
      const notes = report.notes.join(' ')
      if (fault === 'truncated-archive')
        expect(notes).toMatch(/The [1-9]\d* files and folders the failed restore had written were removed\./)
      else expect(notes).toContain('The failed restore wrote nothing into the caches.')
    } finally {
      stocked.fault = 'none'
    }
  }
)

test('cache: false and a missing cache service return at once, with a note', async () => {
  enterStep(box, {})
  const reporter = recordingReporter()
  const off = await restoreGoCache(optionsFor(box, { ...inputs, cache: 'false' }), goEnvOf(box), reporter)
  expect(off).toEqual({ hit: 'false', notes: ['The cache is off (cache: false).'] })
  const local = await restoreGoCache(optionsFor(box, inputs), goEnvOf(box), reporter)
  expect(local.hit).toBe('false')
  expect(local.notes[0]).toMatch(/^No cache service is available: ACTIONS_CACHE_URL is not set/)
  enterStep(box, { ACTIONS_CACHE_SERVICE_V2: 'true' })
  const v2 = await restoreGoCache(optionsFor(box, inputs), goEnvOf(box), reporter)
  expect(v2.notes[0]).toMatch(/^No cache service is available: ACTIONS_RESULTS_URL is not set/)
  expect(reporter.warnings).toEqual([])
})

test('a module cache filled before the restore (setup-go cache: true) is left alone, with a note', async () => {
  await freshRunner(box)
  fillCaches(box)
  enterStep(box, stocked.env())
  const reporter = recordingReporter()
  const report = await restoreGoCache(optionsFor(box, inputs), goEnvOf(box), reporter)
  expect(report.hit).toBe('false')
  expect(report.notes.join(' ')).toMatch(/already had content.*setup-go.*cache: false/)
  expect(reporter.warnings).toEqual([])
  const state = decodeCacheState(stateReader(stateEnv(box.stateFile)))
  // Not ours to prune; and the service already holds this exact key, so the post step skips the save.
  expect(state?.usedSinceMs).toBeUndefined()
  expect(state?.matchedKey).toBe(state?.primaryKey)
})
