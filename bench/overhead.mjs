// Benchmark: what go-gate adds around `go test`. The unit stage through the CLI
// (`go-gate run bench/fixtures/overhead --stages unit --race=false
// --go-test-flags=-count=1`) against the very `go test -json ...` command it
// runs (read from its --verbose log), run bare on the same module; runs
// alternate, after a warm-up that fills the build cache, and -count=1 keeps the
// test cache out. Also the action's start-up: `node dist/main/index.js` with an
// invalid input, so it reads its inputs, fails and writes its report, and runs
// nothing; and the CLI's `--version`.
//
//   node bench/overhead.mjs            (or: node bench/run.mjs overhead)
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { measure, median } from './lib/measure.mjs'
import { GO_ENV, gateEntry, REPO } from './lib/tools.mjs'

export const OVERHEAD_TARGET = 0.03
const FIXTURE = path.join(REPO, 'bench', 'fixtures', 'overhead')

export async function benchOverhead({
  log = () => {},
  runs = Number(process.env.BENCH_RUNS ?? 5),
  startupRuns = 10
} = {}) {
  const cli = gateEntry('cli', log)
  const gateArgs = [
    cli,
    'run',
    FIXTURE,
    '--stages',
    'unit',
    '--race=false',
    '--go-test-flags=-count=1',
    '--format',
    'json'
  ]

  log('warm-up: go-gate run --verbose, to fill the build cache and read the go test command ...')
  const warm = spawnSync(process.execPath, [...gateArgs, '--verbose'], {
    env: GO_ENV,
    encoding: 'utf8',
    maxBuffer: 1 << 28
  })
  if (warm.status !== 0)
    throw new Error(`go-gate run on ${FIXTURE} failed (exit ${warm.status}):\n${warm.stderr.slice(-3000)}`)
  const shown = warm.stderr.split('\n').find((line) => line.startsWith('$ go test '))
  if (!shown) throw new Error('go-gate --verbose did not print the go test command')
  const scratch = mkdtempSync(path.join(tmpdir(), 'go-gate-bench-overhead-'))
  const bareArgs = splitShown(shown.slice(2))
    .slice(1)
    .map((a) =>
      a.startsWith('-coverprofile=') ? `-coverprofile=${path.join(scratch, 'bare.coverprofile')}` : a
    )
  log(`bare: go ${bareArgs.join(' ')}`)

  const bare = []
  const gate = []
  try {
    // Fill the cache for the bare command's flags too.
    execFileSync('go', bareArgs, { cwd: FIXTURE, env: GO_ENV, stdio: 'ignore' })
    for (let i = 0; i < runs; i++) {
      const b = await measure('go', bareArgs, { cwd: FIXTURE, env: GO_ENV })
      if (b.exitCode !== 0) throw new Error(`bare go test failed:\n${b.stderr.slice(-2000)}`)
      bare.push(b.wallMs)
      const g = await measure(process.execPath, gateArgs, { cwd: REPO, env: GO_ENV })
      if (g.exitCode !== 0) throw new Error(`go-gate run failed:\n${g.stderr.slice(-2000)}`)
      gate.push(g.wallMs)
      log(`run ${i + 1}: bare ${(b.wallMs / 1000).toFixed(2)} s, go-gate ${(g.wallMs / 1000).toFixed(2)} s`)
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  const bareMs = median(bare)
  const gateMs = median(gate)
  const overhead = gateMs / bareMs - 1

  const startup = { action: await actionStartup(startupRuns, log), cli: await cliStartup(cli, startupRuns) }
  log(`start-up: action ${startup.action.ms?.toFixed(0) ?? 'n/a'} ms, cli ${startup.cli.ms.toFixed(0)} ms`)
  return {
    fixture: path.relative(REPO, FIXTURE),
    bareCommand: `go ${bareArgs.map((a) => (a.startsWith('-coverprofile=') ? '-coverprofile=<tmp>' : a)).join(' ')}`,
    gateCommand: `node dist/cli/index.js run ${path.relative(REPO, FIXTURE)} --stages unit --race=false --go-test-flags=-count=1 --format json`,
    runs,
    bareMs,
    gateMs,
    bareRunsMs: bare,
    gateRunsMs: gate,
    overhead,
    startup,
    targets: { overhead: { met: overhead <= OVERHEAD_TARGET } }
  }
}

/** `node dist/main/index.js` with stages=bogus: inputs read, the failure reported, nothing run. */
async function actionStartup(runs, log) {
  let main
  try {
    main = gateEntry('main', log)
  } catch (error) {
    return { ms: null, error: String(error.message ?? error).split('\n')[0] }
  }
  const step = mkdtempSync(path.join(tmpdir(), 'go-gate-bench-step-'))
  const files = {}
  for (const name of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'GITHUB_ENV', 'GITHUB_PATH']) {
    files[name] = path.join(step, name.toLowerCase())
    writeFileSync(files[name], '')
  }
  const env = { ...GO_ENV, ...files, GITHUB_WORKSPACE: FIXTURE, RUNNER_TEMP: step, INPUT_STAGES: 'bogus' }
  const times = []
  try {
    for (let i = 0; i < runs; i++) {
      const m = await measure(process.execPath, [main], { cwd: FIXTURE, env })
      if (m.exitCode !== 1) return { ms: null, error: `exit ${m.exitCode} (expected 1 for invalid input)` }
      times.push(m.wallMs)
    }
  } finally {
    rmSync(step, { recursive: true, force: true })
  }
  return { ms: median(times), runs, command: 'INPUT_STAGES=bogus node dist/main/index.js' }
}

async function cliStartup(cli, runs) {
  const times = []
  for (let i = 0; i < runs; i++) times.push((await measure(process.execPath, [cli, '--version'], {})).wallMs)
  return { ms: median(times), runs, command: 'node dist/cli/index.js --version' }
}

/** Splits a command as displayCommand shows it: words, 'single-quoted' where needed. */
function splitShown(text) {
  const words = []
  const re = /'((?:[^']|'\\'')*)'|(\S+)/g
  for (let m = re.exec(text); m !== null; m = re.exec(text))
    words.push(m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2])
  return words
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const result = await benchOverhead({ log: (m) => console.error(m) })
  console.log(JSON.stringify(result, null, 2))
}
