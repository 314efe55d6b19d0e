// Benchmark: how close sharding comes to the ideal 1/n. A generated module (in a temporary folder,
// never committed) of 16 packages whose tests sleep known, uneven amounts (0.45 s to 4.5 s, 20 s in
// all), with test counts that say little about the time (the three slowest packages have one test
// each, the ten quickest six each). Every run uses `go-test-flags: -count=1 -p=1`: nothing is cached, and one
// package runs at a time, as on a runner with one busy core; a shard's test time is then the sum of
// its packages'. Steps: a warm-up that fills the build cache; `go test -json` once, unsharded, for
// the timings record (each package's elapsed); the unsharded unit stage; then for 2, 3 and 4 shards
// every shard's unit stage, split by those timings (`--timings`) and by test functions (no record).
// The longest shard is the sharded run's test time; the ideal is the unsharded time / n.
//
//   node bench/shard.mjs            (or: node bench/run.mjs shard)
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { measure } from './lib/measure.mjs'
import { GO_ENV, gateEntry } from './lib/tools.mjs'

/**
 * Seconds each package's tests sleep, and how many tests share them: a few slow packages with few
 * tests (as integration-heavy packages often are) and many quick ones with many tests, so the test
 * count says little about the time.
 */
export const SHARD_PACKAGES = [
  [4.5, 1],
  [3.75, 1],
  [3.0, 1],
  [2.25, 2],
  [1.5, 2],
  [0.75, 3],
  ...Array.from({ length: 10 }, () => [0.45, 6])
]
const SHARD_COUNTS = [2, 3, 4]
const TEST_FLAGS = '-count=1 -p=1'

/** Writes the module: package pNN with its tests, each sleeping its share of the package's time. */
function writeModule(dir) {
  writeFileSync(path.join(dir, 'go.mod'), 'module example.com/shardbench\n\ngo 1.22\n')
  SHARD_PACKAGES.forEach(([seconds, tests], i) => {
    const name = `p${String(i + 1).padStart(2, '0')}`
    mkdirSync(path.join(dir, name))
    writeFileSync(
      path.join(dir, name, `${name}.go`),
      `package ${name}\n\n// Double is what the tests call.\nfunc Double(x int) int { return 2 * x }\n`
    )
    const each = Math.round((seconds * 1000) / tests)
    const funcs = Array.from(
      { length: tests },
      (_, t) =>
        `func TestSleep${t + 1}(t *testing.T) {\n\ttime.Sleep(${each} * time.Millisecond)\n\tif Double(${t}) != ${2 * t} {\n\t\tt.Fatal("Double")\n\t}\n}\n`
    )
    writeFileSync(
      path.join(dir, name, `${name}_test.go`),
      `package ${name}\n\nimport (\n\t"testing"\n\t"time"\n)\n\n${funcs.join('\n')}`
    )
  })
}

/** Each package's elapsed seconds from one `go test -json` run: the timings record. */
function measureTimings(dir) {
  const run = spawnSync('go', ['test', '-json', '-count=1', '-p=1', './...'], {
    cwd: dir,
    env: GO_ENV,
    encoding: 'utf8',
    maxBuffer: 64 << 20
  })
  if (run.status !== 0) throw new Error(`go test failed: ${run.stderr.slice(-2000)}`)
  const packages = {}
  for (const line of run.stdout.split('\n')) {
    if (!line.startsWith('{')) continue
    const e = JSON.parse(line)
    if (e.Action === 'pass' && !e.Test && e.Package) packages[e.Package] = e.Elapsed
  }
  return { schema: 1, packages }
}

export async function benchShard({ log = () => {} } = {}) {
  const cli = gateEntry('cli', log)
  const scratch = mkdtempSync(path.join(tmpdir(), 'go-gate-bench-shard-'))
  const dir = path.join(scratch, 'module')
  mkdirSync(dir)
  writeModule(dir)
  const timingsFile = path.join(scratch, 'timings.json')
  let n = 0
  /** The unit stage's time of one go-gate run, from its JSON report. */
  const unitStage = async (extra) => {
    const out = path.join(scratch, `run-${n++}.json`)
    const args = [
      cli,
      'run',
      dir,
      '--stages',
      'unit',
      '--race=false',
      `--go-test-flags=${TEST_FLAGS}`,
      '--format',
      'json',
      ...extra
    ]
    const m = await measure(process.execPath, args, { env: GO_ENV, stdoutFile: out })
    const report = JSON.parse(readFileSync(out, 'utf8'))
    if (m.exitCode !== 0 || report.result !== 'success')
      throw new Error(`go-gate ${extra.join(' ')}: exit ${m.exitCode}, ${report.result}`)
    return { stageMs: report.stages.find((s) => s.stage === 'unit').durationMs, wallMs: m.wallMs }
  }
  try {
    log('warm-up: filling the build cache ...')
    await unitStage([])
    const timings = measureTimings(dir)
    writeFileSync(timingsFile, JSON.stringify(timings))
    const sumSeconds = Object.values(timings.packages).reduce((a, b) => a + b, 0)
    log(`timings: ${Object.keys(timings.packages).length} packages, ${sumSeconds.toFixed(2)} s in all`)
    const whole = await unitStage([])
    log(`unsharded: unit stage ${(whole.stageMs / 1000).toFixed(2)} s`)
    const rows = []
    for (const count of SHARD_COUNTS) {
      const row = { shards: count, idealMs: whole.stageMs / count }
      for (const basis of ['timings', 'test-count']) {
        const shards = []
        for (let i = 1; i <= count; i++) {
          const extra = [
            '--shard',
            `${i}/${count}`,
            ...(basis === 'timings' ? ['--timings', timingsFile] : [])
          ]
          shards.push((await unitStage(extra)).stageMs)
        }
        row[basis] = { shardsMs: shards, longestMs: Math.max(...shards) }
        log(`${count} shards by ${basis}: ${shards.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s`)
      }
      rows.push(row)
    }
    return {
      packages: SHARD_PACKAGES.length,
      sleepSeconds: SHARD_PACKAGES.reduce((a, [s]) => a + s, 0),
      slowest: SHARD_PACKAGES[0],
      quickest: SHARD_PACKAGES[SHARD_PACKAGES.length - 1],
      measuredSeconds: sumSeconds,
      testFlags: TEST_FLAGS,
      unshardedMs: whole.stageMs,
      rows
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const result = await benchShard({ log: (m) => console.error(m) })
  console.log(JSON.stringify(result, null, 2))
}
