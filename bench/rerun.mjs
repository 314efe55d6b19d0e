// Benchmark: what a rerun of failed tests adds. __tests__/fixtures/flaky, package ./flaky:
// two tests fail on their first run and pass when run again (GO_GATE_FLAKY_DIR holds the
// marker files, fresh for every run). `go-gate run --stages unit --packages ./flaky` with
// --rerun-failed=0 (red: the flakes fail the gate) against --rerun-failed=2 (green: one
// rerun each settles them), alternating, median of the runs after a warm-up that fills the
// build cache.
//
//   node bench/rerun.mjs            (or: node bench/run.mjs rerun)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { measure, median } from './lib/measure.mjs'
import { GO_ENV, gateEntry, REPO } from './lib/tools.mjs'

const FIXTURE = path.join(REPO, '__tests__', 'fixtures', 'flaky')

export async function benchRerun({ log = () => {}, runs = Number(process.env.BENCH_RUNS ?? 3) } = {}) {
  const cli = gateEntry('cli', log)
  const args = (reruns) => [
    cli,
    'run',
    FIXTURE,
    '--stages',
    'unit',
    '--packages',
    './flaky',
    `--rerun-failed=${reruns}`,
    '--format',
    'json'
  ]
  const scratch = mkdtempSync(path.join(tmpdir(), 'go-gate-bench-rerun-'))
  let n = 0
  // Every run starts with no markers: its first attempt of each flaky test fails.
  const runOnce = async (reruns) => {
    const flakyDir = mkdtempSync(path.join(scratch, `markers-${n++}-`))
    const out = path.join(scratch, `${reruns}.json`)
    const m = await measure(process.execPath, args(reruns), {
      env: { ...GO_ENV, GO_GATE_FLAKY_DIR: flakyDir },
      stdoutFile: out
    })
    return { m, report: JSON.parse(readFileSync(out, 'utf8')) }
  }
  const times = { 0: [], 2: [] }
  try {
    log('warm-up: filling the build cache ...')
    await runOnce(0)
    for (let i = 0; i < runs; i++) {
      for (const reruns of [0, 2]) {
        const { m, report } = await runOnce(reruns)
        const want = reruns === 0 ? 'failure' : 'success'
        if (report.result !== want)
          throw new Error(
            `rerun-failed=${reruns}: expected ${want}, got ${report.result} (exit ${m.exitCode})`
          )
        times[reruns].push(m.wallMs)
        log(`run ${i + 1} rerun-failed=${reruns}: ${(m.wallMs / 1000).toFixed(2)} s, ${report.result}`)
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  const redMs = median(times[0])
  const greenMs = median(times[2])
  return {
    fixture: path.relative(REPO, FIXTURE),
    command: `GO_GATE_FLAKY_DIR=<fresh folder> node dist/cli/index.js run ${path.relative(REPO, FIXTURE)} --stages unit --packages ./flaky --rerun-failed=<0|2>`,
    runs,
    flakyTests: 2,
    redMs,
    greenMs,
    redRunsMs: times[0],
    greenRunsMs: times[2],
    addedMs: greenMs - redMs
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const result = await benchRerun({ log: (m) => console.error(m) })
  console.log(JSON.stringify(result, null, 2))
}
