#!/usr/bin/env node
// `npm run bench`: every benchmark side by side, then BENCHMARKS.md rewritten
// with the numbers, the machine and the targets met or not.
//
//   node bench/run.mjs                       all parts
//   node bench/run.mjs stream overhead       only these (the others keep their last results)
//
// Parts: stream (bench/stream.mjs), coverage (bench/coverage.mjs), overhead
// (bench/overhead.mjs), failfast (bench/failfast.mjs), rerun (bench/rerun.mjs), shard
// (bench/shard.mjs), cache
// (bench/cache.mjs, when present), huge (bench/huge-stream.mjs). BENCH_RUNS overrides the runs per
// measurement; BENCH_DIST points at another bundle folder than dist/.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describeMachine } from './lib/machine.mjs'
import { BENCHMARKS_FILE, loadResults, saveResults } from './lib/report.mjs'
import { gateEntry, REPO } from './lib/tools.mjs'

const PARTS = {
  stream: async (log) => (await import('./stream.mjs')).benchStream({ log }),
  coverage: async (log) => (await import('./coverage.mjs')).benchCoverage({ log }),
  overhead: async (log) => (await import('./overhead.mjs')).benchOverhead({ log }),
  failfast: async (log) => (await import('./failfast.mjs')).benchFailFast({ log }),
  rerun: async (log) => (await import('./rerun.mjs')).benchRerun({ log }),
  shard: async (log) => (await import('./shard.mjs')).benchShard({ log }),
  cache: async (log) => {
    const file = path.join(REPO, 'bench', 'cache.mjs')
    if (!existsSync(file)) return undefined
    return (await import(pathToFileURL(file).href)).benchCache({ log })
  },
  huge: async (log) => (await import('./huge-stream.mjs')).benchHugeStream({ log })
}

const asked = process.argv.slice(2)
for (const name of asked) {
  if (!(name in PARTS)) {
    console.error(`unknown part ${JSON.stringify(name)}; expected ${Object.keys(PARTS).join(', ')}`)
    process.exit(2)
  }
}
const parts = asked.length > 0 ? asked : Object.keys(PARTS)
const results = loadResults()
const log = (part) => (message) => console.error(`[${part}] ${message}`)

// Bundle once up front rather than inside a timed part, then run a copy of
// dist/: a rebuild while the bench runs (the test suite rebuilds a stale
// dist/) cannot pull the bundle from under a measurement.
gateEntry('cli', log('setup'))
if (!process.env.BENCH_DIST) {
  const snapshot = mkdtempSync(path.join(os.tmpdir(), 'go-gate-bench-dist-'))
  cpSync(path.join(REPO, 'dist'), snapshot, { recursive: true })
  process.env.BENCH_DIST = snapshot
  process.on('exit', () => rmSync(snapshot, { recursive: true, force: true }))
}

let failures = 0
for (const name of parts) {
  const started = performance.now()
  const loadAverage = os.loadavg()
  const machine = describeMachine()
  console.error(`== ${name}`)
  try {
    const result = await PARTS[name](log(name))
    if (result === undefined) {
      console.error(`[${name}] cache: not measured yet (bench/cache.mjs is missing)`)
      delete results[name]
      continue
    }
    results[name] = { machine, loadAverage, durationMs: performance.now() - started, result }
  } catch (error) {
    failures++
    console.error(`[${name}] failed: ${error?.stack ?? error}`)
    results[name] = {
      machine,
      loadAverage,
      durationMs: performance.now() - started,
      error: String(error?.message ?? error)
    }
  }
  // Save after each part, so an interrupted run keeps what it measured.
  saveResults(results)
}
console.log(`Wrote ${path.relative(process.cwd(), BENCHMARKS_FILE)}.`)
if (failures > 0) process.exitCode = 1
