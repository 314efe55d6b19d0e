// Benchmark: time to a red result when the first failure comes early in a long
// run. __tests__/fixtures/failfast: billing fails at once, reports runs for 12 s.
// `go-gate run --stages unit --race=false --go-test-flags=-count=1` with
// --fail-fast=true against --fail-fast=false, alternating, median of the runs
// after a warm-up that fills the build cache. Both must fail with the billing
// test as the root cause.
//
//   node bench/failfast.mjs            (or: node bench/run.mjs failfast)
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { measure, median } from './lib/measure.mjs'
import { GO_ENV, gateEntry, REPO } from './lib/tools.mjs'

export const FAILFAST_TARGET = 0.1
const FIXTURE = path.join(REPO, '__tests__', 'fixtures', 'failfast')

export async function benchFailFast({ log = () => {}, runs = Number(process.env.BENCH_RUNS ?? 3) } = {}) {
  const cli = gateEntry('cli', log)
  const args = (failFast) => [
    cli,
    'run',
    FIXTURE,
    '--stages',
    'unit',
    '--race=false',
    `--fail-fast=${failFast}`,
    '--go-test-flags=-count=1',
    '--format',
    'json'
  ]
  log('warm-up: filling the build cache ...')
  spawnSync(process.execPath, args(true), { env: GO_ENV, stdio: 'ignore' })
  const scratch = mkdtempSync(path.join(tmpdir(), 'go-gate-bench-failfast-'))
  const times = { true: [], false: [] }
  const roots = {}
  try {
    for (let i = 0; i < runs; i++) {
      for (const failFast of [true, false]) {
        const out = path.join(scratch, `${failFast}.json`)
        const m = await measure(process.execPath, args(failFast), { env: GO_ENV, stdoutFile: out })
        const report = JSON.parse(readFileSync(out, 'utf8'))
        if (m.exitCode !== 1 || report.result !== 'failure') {
          throw new Error(
            `fail-fast=${failFast}: expected a failure, got exit ${m.exitCode}, result ${report.result}`
          )
        }
        roots[failFast] = `${report.rootCause.kind} in ${report.rootCause.test ?? report.rootCause.package}`
        times[failFast].push(m.wallMs)
        log(
          `run ${i + 1} fail-fast=${failFast}: ${(m.wallMs / 1000).toFixed(2)} s, root cause ${roots[failFast]}`
        )
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  const failFastMs = median(times.true)
  const fullMs = median(times.false)
  const ratio = failFastMs / fullMs
  return {
    fixture: path.relative(REPO, FIXTURE),
    command: `node dist/cli/index.js run ${path.relative(REPO, FIXTURE)} --stages unit --race=false --fail-fast=<true|false> --go-test-flags=-count=1`,
    runs,
    failFastMs,
    fullMs,
    failFastRunsMs: times.true,
    fullRunsMs: times.false,
    rootCause: roots,
    ratio,
    targets: { failFast: { met: ratio <= FAILFAST_TARGET } }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const result = await benchFailFast({ log: (m) => console.error(m) })
  console.log(JSON.stringify(result, null, 2))
}
