// Benchmark: the unit stage's `go test` on a module with real dependencies
// (__tests__/fixtures/cache-deps: golang.org/x/text, gopkg.in/yaml.v3,
// github.com/google/uuid), cold against warm.
//
//   cold: empty GOMODCACHE and GOCACHE (temporary folders, never the machine's own):
//         modules come from the Go module proxy, the standard library and the
//         dependencies are compiled.
//   warm: the caches the cold run left, saved by go-gate's post-step code and
//         restored into emptied folders by restoreGoCache, through @actions/cache,
//         against the local cache service of the tests (__tests__/support/cache-server.ts).
//
// The command is the unit stage's with its defaults: go test -json -race -timeout 10m
// -failfast -coverprofile=... ./... . "warm -count=1" reruns the tests (test cache off)
// to show what the build cache alone gives. Goal: warm ≤ 40% of cold.
//
// Then what a cache service that refuses connections costs the restore and the save
// (@actions/cache alone retries for about 25 s on each; go-gate's probe answers at once).
//
//   node bench/cache.mjs [runs]          (BENCH_RACE=false for no -race)
import { execFileSync, spawn } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { tsImport } from 'tsx/esm/api'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export const CACHE_TARGET = 0.4
const FIXTURE = path.join(REPO, '__tests__', 'fixtures', 'cache-deps')

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Runs a program to the end; wall time in ms, exit code, and the tail of stderr. */
function timed(file, args, { cwd, env }) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-65536)
    })
    child.on('error', reject)
    child.on('close', (exitCode) => resolve({ wallMs: performance.now() - started, exitCode, stderr }))
  })
}

const load = (file) => tsImport(pathToFileURL(path.join(REPO, file)).href, import.meta.url)

/** Reads the GITHUB_STATE file the way the runner does, into a getState function. */
function stateReader(stateFile) {
  const values = new Map()
  const lines = readFileSync(stateFile, 'utf8').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i])
    if (!m) continue
    const value = []
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i])
    values.set(m[1], value.join('\n'))
  }
  return (name) => values.get(name) ?? ''
}

/**
 * @returns {Promise<{ coldMs: number, warmMs: number, ratio: number, warmCount1Ms: number, restoreMs: number,
 *   saveMs: number, archiveBytes: number | undefined, hit: string, command: string, runs: number,
 *   coldRunsMs: number[], warmRunsMs: number[], refusedRestoreMs: number, refusedSaveMs: number }>}
 */
export async function benchCache({
  log = () => {},
  runs = Number(process.env.BENCH_RUNS ?? 1),
  race = process.env.BENCH_RACE !== 'false'
} = {}) {
  const { restoreGoCache } = await load('src/github/cache.ts')
  const { saveGoCache } = await load('src/github/post.ts')
  const { decodeCacheState } = await load('src/cache/state.ts')
  const { clearFolder } = await load('src/cache/modcache.ts')
  const { parseOptions } = await load('src/options.ts')
  const { startCacheServer } = await load('__tests__/support/cache-server.ts')

  const root = mkdtempSync(path.join(tmpdir(), 'go-gate-bench-cache-'))
  const dirs = {
    workspace: path.join(root, 'workspace'),
    moduleCache: path.join(root, 'gomodcache'),
    buildCache: path.join(root, 'gocache'),
    gopath: path.join(root, 'gopath'),
    runnerTemp: path.join(root, 'runner-temp'),
    stateFile: path.join(root, 'state')
  }
  for (const dir of [dirs.moduleCache, dirs.buildCache, dirs.gopath, dirs.runnerTemp])
    mkdirSync(dir, { recursive: true })
  cpSync(FIXTURE, dirs.workspace, { recursive: true })
  const goEnv = {
    ...process.env,
    GOMODCACHE: dirs.moduleCache,
    GOCACHE: dirs.buildCache,
    GOPATH: dirs.gopath,
    GOFLAGS: '-buildvcs=false',
    GOTOOLCHAIN: 'local',
    GOWORK: 'off'
  }
  const profile = path.join(root, 'unit.coverprofile')
  const testArgs = [
    'test',
    '-json',
    ...(race ? ['-race'] : []),
    '-timeout',
    '10m',
    '-failfast',
    `-coverprofile=${profile}`,
    './...'
  ]
  const go = {
    GOVERSION: '',
    GOMODCACHE: dirs.moduleCache,
    GOCACHE: dirs.buildCache
  }
  go.GOVERSION = execFileSync('go', ['env', 'GOVERSION'], { env: goEnv, encoding: 'utf8' }).trim()
  const options = parseOptions(
    (name) => ({ stages: 'unit', 'cache-restore-timeout': '5m' })[name],
    dirs.workspace
  )
  const reporter = {
    info: () => {},
    warning: (m) => log(`warning: ${m}`),
    output: () => {},
    group: (_t, fn) => fn()
  }

  const server = await startCacheServer()
  const saved = { ...process.env }
  const coldRunsMs = []
  const warmRunsMs = []
  const warmCount1RunsMs = []
  const restoreRunsMs = []
  const saveRunsMs = []
  let archiveBytes
  let hit = ''
  const refusedRestoreRunsMs = []
  const refusedSaveRunsMs = []
  try {
    Object.assign(process.env, server.env(), {
      GITHUB_WORKSPACE: dirs.workspace,
      GITHUB_STATE: dirs.stateFile,
      RUNNER_TEMP: dirs.runnerTemp,
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64'
    })
    const runTest = async (label, args = testArgs) => {
      const m = await timed('go', args, { cwd: dirs.workspace, env: goEnv })
      if (m.exitCode !== 0)
        throw new Error(
          `${label}: go ${args.join(' ')} failed (exit ${m.exitCode}):\n${m.stderr.slice(-2000)}`
        )
      log(`${label}: ${(m.wallMs / 1000).toFixed(2)} s`)
      return m.wallMs
    }
    for (let i = 0; i < runs; i++) {
      // A fresh key each run, so every run saves (an exact hit would not be saved again).
      writeFileSync(path.join(dirs.workspace, 'go.work.sum'), `bench run ${i} ${Date.now()}\n`)
      await clearFolder(dirs.moduleCache)
      await clearFolder(dirs.buildCache)
      writeFileSync(dirs.stateFile, '')
      const cold = await restoreGoCache(options, go, reporter)
      if (cold.hit !== 'false' && i === 0) throw new Error(`expected a cold start, got hit ${cold.hit}`)
      await clearFolder(dirs.moduleCache)
      await clearFolder(dirs.buildCache)
      coldRunsMs.push(await runTest(`run ${i + 1} cold`))

      const state = decodeCacheState(stateReader(dirs.stateFile))
      const outcome = await saveGoCache(state, 'success', reporter, Date.now() + 600_000)
      if (!outcome.saved) throw new Error(`the save failed: ${outcome.fault ?? outcome.skipped}`)
      saveRunsMs.push(outcome.saveMs)
      archiveBytes = outcome.archiveBytes
      log(
        `run ${i + 1} save: ${(outcome.saveMs / 1000).toFixed(2)} s, archive ${(archiveBytes / 1048576).toFixed(1)} MiB`
      )

      await clearFolder(dirs.moduleCache)
      await clearFolder(dirs.buildCache)
      writeFileSync(dirs.stateFile, '')
      const started = performance.now()
      const warm = await restoreGoCache(options, go, reporter)
      restoreRunsMs.push(performance.now() - started)
      hit = warm.hit
      if (warm.hit !== 'true')
        throw new Error(`expected an exact hit, got ${warm.hit}: ${warm.notes.join(' ')}`)
      log(`run ${i + 1} restore: ${(restoreRunsMs.at(-1) / 1000).toFixed(2)} s`)
      warmRunsMs.push(await runTest(`run ${i + 1} warm`))
      warmCount1RunsMs.push(
        await runTest(`run ${i + 1} warm -count=1`, [...testArgs.slice(0, -1), '-count=1', './...'])
      )

      // A service that refuses connections, on a fresh runner: restore, then save what is there.
      await clearFolder(dirs.moduleCache)
      await clearFolder(dirs.buildCache)
      writeFileSync(dirs.stateFile, '')
      server.fault = 'down'
      Object.assign(process.env, server.env())
      try {
        const refusedStarted = performance.now()
        const refused = await restoreGoCache(options, go, reporter)
        refusedRestoreRunsMs.push(performance.now() - refusedStarted)
        if (refused.hit !== 'false')
          throw new Error(`expected no hit from a refusing service, got ${refused.hit}`)
        const saveStarted = performance.now()
        const refusedSave = await saveGoCache(
          decodeCacheState(stateReader(dirs.stateFile)),
          'success',
          reporter,
          Date.now() + 600_000
        )
        refusedSaveRunsMs.push(performance.now() - saveStarted)
        if (refusedSave.saved) throw new Error('a refusing service took the save')
        log(
          `run ${i + 1} refusing service: restore ${(refusedRestoreRunsMs.at(-1) / 1000).toFixed(2)} s, save ${(refusedSaveRunsMs.at(-1) / 1000).toFixed(2)} s`
        )
      } finally {
        server.fault = 'none'
        Object.assign(process.env, server.env())
      }
    }
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
    await server.close()
    await clearFolder(root)
    rmSync(root, { recursive: true, force: true })
  }
  const coldMs = median(coldRunsMs)
  const warmMs = median(warmRunsMs)
  return {
    coldMs,
    warmMs,
    ratio: warmMs / coldMs,
    warmCount1Ms: median(warmCount1RunsMs),
    restoreMs: median(restoreRunsMs),
    saveMs: median(saveRunsMs),
    archiveBytes,
    hit,
    command: `go ${testArgs.join(' ').replace(profile, '<tmp>/unit.coverprofile')}`,
    runs,
    coldRunsMs,
    warmRunsMs,
    refusedRestoreMs: median(refusedRestoreRunsMs),
    refusedSaveMs: median(refusedSaveRunsMs)
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const runs = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 1)
  const r = await benchCache({ runs, log: (m) => console.error(m) })
  const pct = (x) => `${(x * 100).toFixed(1)}%`
  console.log(`command:        ${r.command}`)
  console.log(`cold:           ${r.coldMs.toFixed(0)} ms`)
  console.log(
    `warm:           ${r.warmMs.toFixed(0)} ms  (${pct(r.ratio)} of cold; goal ≤ ${pct(CACHE_TARGET)})`
  )
  console.log(
    `warm -count=1:  ${r.warmCount1Ms.toFixed(0)} ms  (${pct(r.warmCount1Ms / r.coldMs)} of cold: build cache only, tests rerun)`
  )
  console.log(
    `restore:        ${r.restoreMs.toFixed(0)} ms  (restore + warm: ${pct((r.restoreMs + r.warmMs) / r.coldMs)} of cold)`
  )
  console.log(
    `save:           ${r.saveMs.toFixed(0)} ms, archive ${((r.archiveBytes ?? 0) / 1048576).toFixed(1)} MiB`
  )
  console.log(
    `refusing service: restore ${r.refusedRestoreMs.toFixed(0)} ms, save ${r.refusedSaveMs.toFixed(0)} ms`
  )
  console.log(JSON.stringify(r))
  if (r.ratio > CACHE_TARGET) process.exitCode = 1
}
