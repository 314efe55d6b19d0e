// Benchmark: what go-gate adds around `go test`. The unit stage through the CLI
// (`go-gate run bench/fixtures/overhead --stages unit --race=false
// --go-test-flags=-count=1`) against the very `go test -json ...` command it
// runs (read from its --verbose log), run bare on the same module; runs
// alternate, after a warm-up that fills the build cache, and -count=1 keeps the
// test cache out. Also the action's start-up: `node dist/main/index.js` with an
// invalid input, so it reads its inputs, fails and writes its report, and runs
// nothing; and the CLI's `--version`. A `go` wrapper on go-gate's PATH times
// the go test inside each go-gate run, and GNU time gives CPU times.
//
//   node bench/overhead.mjs            (or: node bench/run.mjs overhead)
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { measure, median, seconds } from './lib/measure.mjs'
import { GO_ENV, gateEntry, REPO } from './lib/tools.mjs'

export const OVERHEAD_TARGET = 0.03
const FIXTURE = path.join(REPO, 'bench', 'fixtures', 'overhead')

/** `go` for go-gate's PATH: records when each `go test` starts and ends, runs the real go. */
const GO_WRAPPER = `#!/bin/sh
if [ "$1" = "test" ]; then
  start=$(date +%s%N)
  "$BENCH_REAL_GO" "$@"
  status=$?
  echo "$start $(date +%s%N)" >> "$BENCH_GO_TEST_LOG"
  exit $status
fi
exec "$BENCH_REAL_GO" "$@"
`

export async function benchOverhead({
  log = () => {},
  runs = Number(process.env.BENCH_RUNS ?? 7),
  startupRuns = 10
} = {}) {
  const cli = gateEntry('cli', log)
  // The test run as it is (a few seconds), and three times as long (-count=3
  // runs every test three times with the same build): the share of a fixed
  // cost falls as the run grows.
  const primary = await measureVariant(cli, '-count=1', runs, log)
  const longer = await measureVariant(cli, '-count=3', Math.max(3, Math.ceil(runs / 2)), log)
  const startup = { action: await actionStartup(startupRuns, log), cli: await cliStartup(cli, startupRuns) }
  log(`start-up: action ${startup.action.ms?.toFixed(0) ?? 'n/a'} ms, cli ${startup.cli.ms.toFixed(0)} ms`)
  return {
    fixture: path.relative(REPO, FIXTURE),
    ...primary,
    longer,
    startup,
    targets: { overhead: { met: primary.overhead <= OVERHEAD_TARGET } }
  }
}

/** Alternating bare and go-gate runs with go-gate's `go-test-flags` set to `flags`. */
async function measureVariant(cli, flags, runs, log) {
  const gateArgs = [
    cli,
    'run',
    FIXTURE,
    '--stages',
    'unit',
    '--race=false',
    `--go-test-flags=${flags}`,
    '--format',
    'json'
  ]

  log(`${flags}: warm-up, go-gate run --verbose, to fill the build cache and read the go test command ...`)
  const warm = spawnSync(process.execPath, [...gateArgs, '--verbose'], {
    env: GO_ENV,
    encoding: 'utf8',
    maxBuffer: 1 << 28
  })
  if (warm.status !== 0) {
    throw new Error(`go-gate run on ${FIXTURE} failed (exit ${warm.status}):\n${warm.stderr.slice(-3000)}`)
  }
  const shown = warm.stderr.split('\n').find((line) => line.startsWith('$ go test '))
  if (!shown) throw new Error('go-gate --verbose did not print the go test command')
  const scratch = mkdtempSync(path.join(tmpdir(), 'go-gate-bench-overhead-'))
  const bareArgs = splitShown(shown.slice(2))
    .slice(1)
    .map((a) =>
      a.startsWith('-coverprofile=') ? `-coverprofile=${path.join(scratch, 'bare.coverprofile')}` : a
    )
  log(`${flags}: bare: go ${bareArgs.join(' ')}`)

  // go-gate finds go on PATH: a wrapper first on PATH times the `go test` it runs,
  // so each go-gate run also says how long its own go test took.
  const realGo = spawnSync('sh', ['-c', 'command -v go'], { encoding: 'utf8', env: GO_ENV }).stdout.trim()
  const wrapperDir = path.join(scratch, 'bin')
  const timings = path.join(scratch, 'go-test-times')
  mkdirSync(wrapperDir)
  writeFileSync(path.join(wrapperDir, 'go'), GO_WRAPPER, { mode: 0o755 })
  const gateEnv = {
    ...GO_ENV,
    PATH: `${wrapperDir}${path.delimiter}${GO_ENV.PATH}`,
    BENCH_REAL_GO: realGo,
    BENCH_GO_TEST_LOG: timings
  }

  const bare = []
  const gate = []
  const inner = []
  const bareCpu = []
  const gateCpu = []
  try {
    // Fill the cache for the bare command's flags too.
    execFileSync('go', bareArgs, { cwd: FIXTURE, env: GO_ENV, stdio: 'ignore' })
    for (let i = 0; i < runs; i++) {
      const b = await measure('go', bareArgs, { cwd: FIXTURE, env: GO_ENV })
      if (b.exitCode !== 0) throw new Error(`bare go test failed:\n${b.stderr.slice(-2000)}`)
      rmSync(timings, { force: true })
      const g = await measure(process.execPath, gateArgs, { cwd: REPO, env: gateEnv })
      if (g.exitCode !== 0) throw new Error(`go-gate run failed:\n${g.stderr.slice(-2000)}`)
      const [startNs, endNs] = readFileSync(timings, 'utf8').trim().split('\n').pop().split(' ').map(BigInt)
      bare.push(b.wallMs)
      gate.push(g.wallMs)
      inner.push(Number(endNs - startNs) / 1e6)
      if (b.cpuMs !== null && g.cpuMs !== null) {
        bareCpu.push(b.cpuMs)
        gateCpu.push(g.cpuMs)
      }
      log(
        `${flags} run ${i + 1}: bare ${seconds(b.wallMs)}, go-gate ${seconds(g.wallMs)} (its go test ${seconds(inner.at(-1))}); ` +
          `CPU bare ${seconds(b.cpuMs ?? 0)}, go-gate ${seconds(g.cpuMs ?? 0)}`
      )
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  const bareMs = median(bare)
  const gateMs = median(gate)
  // Each go-gate run is paired with the bare run just before it, so load that
  // drifts over the minutes of the bench cancels out of the difference; but the
  // test run itself varies by more than go-gate adds on a shared machine. Inside
  // one run, go-gate's time minus its own go test's time is what it adds before
  // and after the tests, without that noise (it misses only the CPU the reader
  // takes from the tests while they run, which the CPU times show).
  const pairedMs = median(gate.map((g, i) => g - bare[i]))
  const aroundMs = median(gate.map((g, i) => g - inner[i]))
  const cpuAddedMs = bareCpu.length > 0 ? median(gateCpu.map((c, i) => c - bareCpu[i])) : null
  // The verdict takes the larger of the two estimates.
  const addedMs = Math.max(pairedMs, aroundMs)
  return {
    flags,
    bareCommand: `go ${bareArgs.map((a) => (a.startsWith('-coverprofile=') ? '-coverprofile=<tmp>' : a)).join(' ')}`,
    gateCommand: `node dist/cli/index.js run ${path.relative(REPO, FIXTURE)} --stages unit --race=false --go-test-flags=${flags} --format json`,
    runs,
    bareMs,
    gateMs,
    bareRunsMs: bare,
    gateRunsMs: gate,
    goTestInGateRunsMs: inner,
    pairedMs,
    aroundMs,
    addedMs,
    overhead: addedMs / bareMs,
    medianRatio: gateMs / bareMs - 1,
    cpu:
      cpuAddedMs === null ? null : { bareMs: median(bareCpu), gateMs: median(gateCpu), addedMs: cpuAddedMs }
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
