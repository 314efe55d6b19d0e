// The post step as the runner runs it: the bundle dist/post/index.js started with
// node, its state handed over as STATE_* variables from the main step's
// GITHUB_STATE file. Whatever the cache service does, it exits 0, in bounded time.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { restoreGoCache } from '../../src/github/cache.js'
import { type CacheFault, type CacheServer, startCacheServer } from '../support/cache-server.js'
import {
  enterStep,
  goEnvOf,
  makeSandbox,
  optionsFor,
  recordingReporter,
  removeSandbox,
  repoRoot,
  type Sandbox,
  stateEnv,
  stepEnv
} from './harness.js'

const SAVE_TIMEOUT_MS = 4000
let bundleDir: string
let box: Sandbox
/** STATE_* of a main step that restored nothing (a cold run) and so leaves the save to the post step. */
let coldState: Record<string, string>

function fillCaches(box: Sandbox): void {
  const dir = path.join(box.moduleCache, 'example.com/m@v1.0.0')
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, 'm.go'), randomBytes(256 * 1024))
  const id = randomBytes(32).toString('hex')
  mkdirSync(path.join(box.buildCache, id.slice(0, 2)), { recursive: true })
  writeFileSync(path.join(box.buildCache, id.slice(0, 2), `${id}-d`), randomBytes(1024))
}

interface PostRun {
  code: number | null
  stdout: string
  stderr: string
}

function runPost(env: Record<string, string>): Promise<PostRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(bundleDir, 'index.js')], {
      cwd: box.workspace,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('close', (code) => {
      clearTimeout(guard)
      resolve({ code, stdout, stderr })
    })
  })
}

beforeAll(async () => {
  // The committed bundle, kept fresh by the test suite's global setup.
  bundleDir = path.join(repoRoot, 'dist', 'post')
  box = makeSandbox(false)
  // The main step: a cold restore (a service with nothing in it) leaves the state the post step needs.
  const empty = await startCacheServer()
  enterStep(box, empty.env())
  const report = await restoreGoCache(optionsFor(box, { stages: 'unit' }), goEnvOf(box), recordingReporter())
  await empty.close()
  expect(report.hit).toBe('false')
  coldState = {
    ...stateEnv(box.stateFile),
    'STATE_cache-save-timeout': String(SAVE_TIMEOUT_MS),
    STATE_result: 'success'
  }
  fillCaches(box)
})

afterAll(async () => {
  if (box) await removeSandbox(box)
})

async function withServer<T>(fn: (server: CacheServer) => Promise<T>): Promise<T> {
  const server = await startCacheServer()
  try {
    return await fn(server)
  } finally {
    await server.close()
  }
}

test('saves, writes sizes and times to the log and the summary, and exits 0', async () => {
  await withServer(async (server) => {
    writeFileSync(box.summaryFile, '')
    const run = await runPost({ ...stepEnv(box, server.env()), ...coldState })
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' })
    expect(run.stdout).not.toMatch(/^::(warning|error)/m)
    const key = coldState['STATE_cache-primary-key']
    // A cold run restored nothing: nothing in the build cache is go-gate's to prune.
    expect(run.stdout).toContain('Build cache not pruned: go-gate restored nothing into it this run')
    expect(run.stdout).toMatch(new RegExp(`Cache saved as ${key}, archive 0\\.\\d MiB, in [\\d.]+m?s\\.`))
    expect(server.entries).toMatchObject([{ key, finalized: true }])
    const summary = readFileSync(box.summaryFile, 'utf8')
    expect(summary).toContain('### go-gate cache save')
    expect(summary).toMatch(/\| Save time \| [\d.]+m?s \|/)

    // Another job saving the same key afterwards is refused (409): an info line, not a warning.
    const again = await runPost({ ...stepEnv(box, server.env()), ...coldState })
    expect(again.code).toBe(0)
    expect(again.stdout).not.toMatch(/^::(warning|error)/m)
    expect(again.stdout).toContain(`Cache not saved: the cache service already holds ${key}`)
    expect(again.stdout).not.toContain('another job may be creating this cache')
    expect(server.entries).toHaveLength(1)
  })
})

test.each<[CacheFault]>([
  ['down'],
  ['rate-limit'],
  ['server-error'],
  ['garbage'],
  ['hang'],
  ['upload-error']
])('%s: the post step warns with the reason, saves nothing, and exits 0', async (fault) => {
  await withServer(async (server) => {
    server.fault = fault
    const run = await runPost({ ...stepEnv(box, server.env()), ...coldState })
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' })
    expect(run.stdout).toMatch(/^::warning::The cache was not saved.*The job is not affected\./m)
    expect(run.stdout).not.toMatch(/^::error/m)
    expect(run.stdout).not.toContain('another job may be creating this cache')
    if (fault === 'down') expect(run.stdout).toMatch(/refused the connection \(ECONNREFUSED\)/)
    expect(server.entries.filter((e) => e.finalized)).toEqual([])
  })
})

test('the list of restored entries is what the prune reads, and it is removed afterwards', async () => {
  await withServer(async (server) => {
    const folder = mkdtempSync(path.join(box.runnerTemp, 'go-gate-cache-'))
    const list = path.join(folder, 'restored-entries.json')
    writeFileSync(list, JSON.stringify({ [box.buildCache]: [] }))
    const run = await runPost({
      ...stepEnv(box, server.env()),
      ...coldState,
      'STATE_cache-restored-entries': list,
      'STATE_build-cache-used-since': String(Date.now())
    })
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' })
    expect(run.stdout).toMatch(
      /Pruned 0 build-cache entries go-gate restored and this run did not use \(0\.0 MiB\) from .*; 1 entries \(0\.0 MiB\) kept\./
    )
    expect(existsSync(folder)).toBe(false)
  })
})

test('cache-save on-success after a failed run: not saved, exit 0', async () => {
  await withServer(async (server) => {
    const run = await runPost({
      ...stepEnv(box, server.env()),
      ...coldState,
      'STATE_cache-save': 'on-success',
      STATE_result: 'failure'
    })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      'Cache not saved: the run did not succeed (failure) and cache-save is on-success.'
    )
    expect(server.calls).toEqual([])
  })
})

test('no state (cache off, or the main step stopped early): exit 0 at once', async () => {
  const run = await runPost({ ...stepEnv(box, {}) })
  expect(run).toMatchObject({ code: 0, stderr: '' })
  expect(run.stdout).toContain('go-gate: no cache to save')
})
