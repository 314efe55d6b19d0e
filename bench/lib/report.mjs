// BENCHMARKS.md: the results of every part, each with the machine and date it
// ran on. The raw results live in the file itself (a JSON comment at its end),
// so `node bench/run.mjs stream` re-measures one part and keeps the others.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { median } from './measure.mjs'
import { REPO } from './tools.mjs'

export const BENCHMARKS_FILE = path.join(REPO, 'BENCHMARKS.md')
const DATA_START = '<!-- bench-data'
const DATA_END = '-->'

export function loadResults(file = BENCHMARKS_FILE) {
  if (!existsSync(file)) return {}
  const text = readFileSync(file, 'utf8')
  const start = text.lastIndexOf(DATA_START)
  if (start < 0) return {}
  const end = text.indexOf(DATA_END, start)
  try {
    return JSON.parse(text.slice(start + DATA_START.length, end))
  } catch {
    return {}
  }
}

export function saveResults(results, file = BENCHMARKS_FILE) {
  const data = JSON.stringify(results, null, 1).replaceAll('-->', '--\\u003e')
  writeFileSync(file, `${renderBenchmarks(results)}\n${DATA_START}\n${data}\n${DATA_END}\n`)
}

const s = (ms) => (ms === null || ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(2)} s`)
const msText = (ms) => (ms === null || ms === undefined ? 'n/a' : `${Math.round(ms)} ms`)
const mib = (kib) => (kib === null || kib === undefined ? 'n/a' : `${Math.round(kib / 1024)} MiB`)
const mb = (bytes) => `${Math.round(bytes / 1e6)} MB`
const pct = (x) => `${(x * 100).toFixed(1)}%`
const met = (ok) => (ok ? '**met**' : '**not met**')
const count = (n) => n.toLocaleString('en-US')
const signedMs = (ms) => `${ms >= 0 ? '+' : '−'}${Math.abs(Math.round(ms))} ms`

function machineLine(m) {
  return `${m.nproc} CPUs (${m.cpu}), ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}; ${m.go}`
}

function partHeader(part) {
  const load = part.loadAverage
    ? `; load average at start ${part.loadAverage.map((x) => x.toFixed(2)).join(', ')}`
    : ''
  const commit = part.machine.commit ? ` at commit ${part.machine.commit}` : ''
  return `_Measured ${part.machine.date.replace('T', ' ').slice(0, 16)} UTC${commit}, in ${s(part.durationMs)}${load}._`
}

/** One section per part, and the targets first. */
export function renderBenchmarks(results) {
  const out = ['# Benchmarks', '']
  out.push(
    'Produced by `npm run bench` (`node bench/run.mjs`), which runs every part and rewrites this file; ' +
      '`node bench/run.mjs stream coverage overhead failfast rerun shard cache huge` runs only the named parts and keeps the others. ' +
      'Reproduce on a clean clone with `npm ci && npm run bench` (needs Go on PATH and the Go module proxy for gotestsum and tparse; ' +
      `the bench bundles \`dist/\` first if it is missing). The parts below took ${totalMinutes(results)} minutes together on the machine below.`,
    ''
  )
  const machines = new Map()
  for (const part of Object.values(results))
    if (part?.machine) machines.set(machineLine(part.machine), part.machine)
  out.push('## Machine', '')
  for (const line of machines.keys()) out.push(`- ${line}`)
  const busy = Object.values(results).some(
    (part) => part?.loadAverage && part.loadAverage[0] > part.machine.nproc
  )
  out.push(
    '',
    busy
      ? 'Other work shared the machine while some parts ran (load average above the CPU count); each part gives the load average it started under, and its times are noisier for it.'
      : 'Each part gives the load average it started under.',
    ''
  )

  out.push('## Targets', '', '| Target | Result | Numbers |', '| --- | --- | --- |')
  for (const row of targetRows(results)) out.push(`| ${row.join(' | ')} |`)
  out.push('')

  if (results.stream) out.push(...renderStream(results.stream), '')
  if (results.coverage) out.push(...renderCoverage(results.coverage), '')
  if (results.overhead) out.push(...renderOverhead(results.overhead), '')
  if (results.failfast) out.push(...renderFailFast(results.failfast), '')
  if (results.rerun) out.push(...renderRerun(results.rerun), '')
  if (results.shard) out.push(...renderShard(results.shard), '')
  out.push(...renderCache(results.cache), '')
  if (results.huge) out.push(...renderHuge(results.huge), '')
  return out.join('\n')
}

function totalMinutes(results) {
  const ms = Object.values(results).reduce((sum, part) => sum + (part?.durationMs ?? 0), 0)
  return (ms / 60000).toFixed(1)
}

function failed(part) {
  return part?.error ? `not measured: ${part.error.split('\n')[0]}` : undefined
}

function targetRows(results) {
  const rows = []
  const st = results.stream
  if (st && !st.error) {
    const r = st.result
    const get = (stream, tool) => r.results.find((x) => x.stream === stream && x.tool === tool)
    const line = (stream) =>
      ['go-gate', 'gotestsum', 'tparse'].map((t) => `${t} ${s(get(stream, t).wallMs)}`).join(', ')
    rows.push([
      `Read a ${mb(r.streams.find((x) => x.id === 'replicated-large').bytes)} stream faster than gotestsum and tparse`,
      met(r.targets.faster.met),
      `replicated: ${line('replicated-large')}; volume: ${line('volume-large')}`
    ])
    const mem = (stream) => mib(get(stream, 'go-gate').peakRssKiB)
    rows.push([
      'Peak memory flat as the stream grows (50 MB against 500 MB)',
      `${met(r.targets.flatVolume.met)} when the bytes grow; ${met(r.targets.flatReplicated.met)} when packages and failures grow with them`,
      `volume (same failures): ${mem('volume-small')} → ${mem('volume-large')} (×${r.targets.flatVolume.growth.toFixed(2)}); ` +
        `replicated (10× the failures): ${mem('replicated-small')} → ${mem('replicated-large')} (×${r.targets.flatReplicated.growth.toFixed(2)})`
    ])
  } else
    rows.push([
      'Read a ≥200 MB stream faster than gotestsum and tparse; memory flat',
      failed(st) ?? 'not measured yet',
      ''
    ])
  const cv = results.coverage
  if (cv && !cv.error) {
    const r = cv.result
    rows.push([
      'Coverage total of a 1,000,000-block profile: same as `go tool cover -func`, ≥10× faster',
      met(r.totalsEqual && r.ratio >= 10),
      `${r.gateTotal}% vs ${r.goTotal}%; ${msText(r.gateMs)} vs ${msText(r.goMs)} (${r.ratio.toFixed(1)}×)`
    ])
  } else rows.push(['Coverage total: same, ≥10× faster', failed(cv) ?? 'not measured yet', ''])
  const ov = results.overhead
  if (ov && !ov.error) {
    const r = ov.result
    rows.push([
      'Unit stage overhead over bare `go test -json` ≤ 3%',
      met(r.targets.overhead.met),
      `${signedMs(r.addedMs)} on a ${s(r.bareMs)} run: ${pct(r.overhead)}; action start-up ${r.startup.action.ms === null ? 'n/a' : msText(r.startup.action.ms)}`
    ])
  } else rows.push(['Unit stage overhead ≤ 3%', failed(ov) ?? 'not measured yet', ''])
  const ff = results.failfast
  if (ff && !ff.error) {
    const r = ff.result
    rows.push([
      'Fail-fast: red result in ≤ 10% of the full run',
      met(r.targets.failFast.met),
      `${s(r.failFastMs)} vs ${s(r.fullMs)}: ${pct(r.ratio)}`
    ])
  } else rows.push(['Fail-fast ≤ 10% of the full run', failed(ff) ?? 'not measured yet', ''])
  const ca = results.cache
  if (ca && !ca.error) {
    const r = ca.result
    rows.push([
      'Cache: warm run ≤ 40% of cold',
      met(r.ratio <= 0.4),
      `warm ${s(r.warmMs)} vs cold ${s(r.coldMs)}: ${pct(r.ratio)}`
    ])
  } else rows.push(['Cache: cold against warm', failed(ca) ?? 'cache: not measured yet', ''])
  const hg = results.huge
  if (hg && !hg.error) {
    const [big, small] = hg.result.results
    rows.push([
      '1 GB stream with 100,000 failing tests in bounded memory',
      met(hg.result.targets.bounded.met),
      `${mb(big.bytes)}: peak ${mib(big.peakRssKiB)} in ${s(big.wallMs)}; the same failures in ${mb(small.bytes)}: ${mib(small.peakRssKiB)}`
    ])
  } else rows.push(['1 GB stream, 100,000 failures, bounded memory', failed(hg) ?? 'not measured yet', ''])
  return rows
}

function renderStream(part) {
  const out = ['## 1. Reading a large `go test -json` stream', '', partHeader(part), '']
  if (part.error) return [...out, `Not measured: ${part.error}`]
  const r = part.result
  out.push(
    'Streams made from the recorded fixture runs in `__tests__/streams` (failures, panics, a timeout, a data race, ' +
      'build and vet failures, parallel subtests), by `bench/lib/replicate.mjs`:',
    '',
    '- **replicated**: every recorded stream again and again, each copy under a new module path (Package, ImportPath, ' +
      'FailedBuild and the package paths inside Output rewritten), so packages and failures grow with the size;',
    '- **volume**: the same packages and failures as a 5 MB replicated stream, grown with passing tests’ output only ' +
      '(copies of the passing-noisy fixture’s chatty tests inside each package).',
    '',
    '| Stream | Size | Packages | Failed tests (fail events) | Failed packages |',
    '| --- | ---: | ---: | ---: | ---: |'
  )
  for (const st of r.streams)
    out.push(
      `| ${st.id} | ${mb(st.bytes)} | ${count(st.packages)} | ${count(st.failedTests)} | ${count(st.failedPackages)} |`
    )
  out.push(
    '',
    'Commands, each in an empty folder with stdout to /dev/null: `node dist/cli/index.js analyze FILE --format json`, ' +
      '`gotestsum --raw-command -- cat FILE` (default `pkgname` format), `tparse -file FILE`. ' +
      `Versions: ${r.tools.gotestsum}; ${r.tools.tparse}. Peak memory: ${r.memoryMethod}.`,
    '',
    '| Stream | Program | Wall time | Peak RSS | Exit status |',
    '| --- | --- | ---: | ---: | ---: |'
  )
  for (const x of r.results)
    out.push(`| ${x.stream} | ${x.tool} | ${s(x.wallMs)} | ${mib(x.peakRssKiB)} | ${x.exitCode} |`)
  out.push(
    '',
    'gotestsum exits 0 on every stream although each holds failures: with `--raw-command` it takes its exit status from ' +
      'the command (`cat`), not from the events. go-gate and tparse exit 1.',
    '',
    'go-gate keeps a small record for every package and every failed test (the output of passing tests is dropped as ' +
      'they pass), so its memory follows packages and failures, not bytes: flat on the volume streams, growing on the ' +
      'replicated ones, where ten times the bytes bring ten times the failing packages and tests.'
  )
  return out
}

function renderCoverage(part) {
  const out = ['## 2. Coverage total of a 1,000,000-block profile', '', partHeader(part), '']
  if (part.error) return [...out, `Not measured: ${part.error}`]
  const r = part.result
  out.push(
    '`bench/coverage.mjs`: a profile of ' +
      `${count(r.blocks)} block lines grown from a real \`go test -coverpkg=./...\` profile of __tests__/fixtures/coverage-multi, ` +
      '`go tool cover -func` (which reads every source file) against go-gate’s `readCoverageProfile`; median of ' +
      `${r.goRunsMs.length} runs.`,
    '',
    '| Program | Median | Runs | Total |',
    '| --- | ---: | --- | ---: |',
    `| go tool cover -func | ${msText(r.goMs)} | ${r.goRunsMs.map(msText).join(', ')} | ${r.goTotal}% |`,
    `| go-gate readCoverageProfile | ${msText(r.gateMs)} | ${r.gateRunsMs.map(msText).join(', ')} | ${r.gateTotal}% |`,
    '',
    `go-gate is ${r.ratio.toFixed(1)}× faster; totals ${r.totalsEqual ? 'equal' : 'DIFFER'}.`
  )
  return out
}

function renderOverhead(part) {
  const out = ['## 3. Overhead of the unit stage, and start-up', '', partHeader(part), '']
  if (part.error) return [...out, `Not measured: ${part.error}`]
  const r = part.result
  out.push(
    `\`bench/overhead.mjs\` on \`${r.fixture}\` (12 packages, 420 tests, a few seconds of hashing, parallel subtests and t.Log output). ` +
      'The bare command is the one go-gate ran, read from its `--verbose` log; runs alternate after a warm-up, ' +
      '`-count=1` keeps the test cache out of both.',
    '',
    `- go-gate: \`${r.gateCommand}\``,
    `- bare: \`${r.bareCommand}\``,
    '',
    '| | Median | Runs |',
    '| --- | ---: | --- |',
    `| bare go test | ${s(r.bareMs)} | ${r.bareRunsMs.map(s).join(', ')} |`,
    `| go-gate unit stage | ${s(r.gateMs)} | ${r.gateRunsMs.map(s).join(', ')} |`,
    `| the go test inside each go-gate run | ${s(median(r.goTestInGateRunsMs))} | ${r.goTestInGateRunsMs.map(s).join(', ')} |`,
    '',
    'Two estimates of what go-gate adds, and the verdict takes the larger:',
    '',
    `- paired: each go-gate run minus the bare run just before it, median ${signedMs(r.pairedMs)} ` +
      `(differences ${r.gateRunsMs.map((g, i) => signedMs(g - r.bareRunsMs[i])).join(', ')}). ` +
      'Everything counts, but on a shared 2-CPU machine one test run varies by more than go-gate adds;',
    `- around: each go-gate run minus the go test inside it (timed by a \`go\` wrapper on go-gate's PATH), median ${signedMs(r.aroundMs)}: ` +
      'Node start-up, `go env` and `go list` before the tests, the coverage profile and the report after them. ' +
      'It leaves out the CPU the reader takes from the tests while they run, which the CPU times show' +
      (r.cpu
        ? `: ${s(r.cpu.gateMs)} for go-gate against ${s(r.cpu.bareMs)} bare (${signedMs(r.cpu.addedMs)}).`
        : '.'),
    '',
    `Overhead: ${signedMs(r.addedMs)} on a ${s(r.bareMs)} run, ${pct(r.overhead)} (target ≤ 3%). The cost is nearly fixed, so its share falls as the test run grows:`,
    ''
  )
  if (r.longer) {
    const l = r.longer
    out.push(
      `| go-test-flags | Bare median | go-gate median | Paired | Around | CPU added | Overhead |`,
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |'
    )
    for (const v of [r, l]) {
      out.push(
        `| \`${v.flags}\` | ${s(v.bareMs)} | ${s(v.gateMs)} | ${signedMs(v.pairedMs)} | ${signedMs(v.aroundMs)} | ${v.cpu ? signedMs(v.cpu.addedMs) : 'n/a'} | ${pct(v.overhead)} |`
      )
    }
    out.push('', `(\`-count=3\`: ${l.runs} pairs of runs.)`, '')
  }
  out.push(
    '| Start-up | Median |',
    '| --- | ---: |',
    `| action: \`${r.startup.action.command ?? 'node dist/main/index.js'}\` (reads inputs, reports invalid-input, runs nothing) | ${r.startup.action.ms === null ? `n/a: ${r.startup.action.error}` : msText(r.startup.action.ms)} |`,
    `| CLI: \`${r.startup.cli.command}\` | ${msText(r.startup.cli.ms)} |`
  )
  return out
}

function renderFailFast(part) {
  const out = ['## 4. Fail-fast', '', partHeader(part), '']
  if (part.error) return [...out, `Not measured: ${part.error}`]
  const r = part.result
  out.push(
    `\`bench/failfast.mjs\` on \`${r.fixture}\`: billing fails at once, reports runs for 12 s. \`${r.command}\`; median of ${r.runs} runs each.`,
    '',
    '| fail-fast | Median | Runs | Root cause |',
    '| --- | ---: | --- | --- |',
    `| true | ${s(r.failFastMs)} | ${r.failFastRunsMs.map(s).join(', ')} | ${r.rootCause.true} |`,
    `| false | ${s(r.fullMs)} | ${r.fullRunsMs.map(s).join(', ')} | ${r.rootCause.false} |`,
    '',
    `Red in ${pct(r.ratio)} of the full run's time (target ≤ 10%).`
  )
  return out
}

function renderRerun(part) {
  const out = ['## 4b. Reruns of failed tests', '', partHeader(part), '']
  if (part.error) return [...out, `Not measured: ${part.error}`]
  const r = part.result
  out.push(
    `\`bench/rerun.mjs\` on \`${r.fixture}\`: ${r.flakyTests} tests fail on their first run and pass on the next. \`${r.command}\`; median of ${r.runs} runs each.`,
    '',
    '| rerun-failed | Result | Median | Runs |',
    '| --- | --- | ---: | --- |',
    `| 0 | red (the flakes fail the gate) | ${s(r.redMs)} | ${r.redRunsMs.map(s).join(', ')} |`,
    `| 2 | green (each flake settles on its first rerun) | ${s(r.greenMs)} | ${r.greenRunsMs.map(s).join(', ')} |`,
    '',
    `The reruns add ${signedMs(r.addedMs)} in all, ${signedMs(r.addedMs / r.flakyTests)} for each test rerun: every rerun is a \`go test -run\` of that one test with the stage's flags (\`-race\` included), run after the first run ends.`
  )
  return out
}

function renderShard(part) {
  const out = ['## 4c. Sharded tests: the longest shard against the ideal 1/n', '', partHeader(part), '']
  if (part.error) return [...out, `Not measured: ${part.error}`]
  const r = part.result
  const ratio = (ms) => `${s(ms)} (${((ms / r.unshardedMs) * 100).toFixed(0)}%)`
  out.push(
    `\`bench/shard.mjs\` on a generated module of ${r.packages} packages whose tests sleep ${r.sleepSeconds.toFixed(1)} s in all, ` +
      `unevenly (the slowest package ${r.slowest[0]} s with ${r.slowest[1]} test, the quickest ${r.quickest[0]} s with ${r.quickest[1]}), with ` +
      `\`--go-test-flags="${r.testFlags}"\`: nothing cached, one package at a time, so a shard's time is the sum of its packages'. ` +
      `The timings record is one unsharded \`go test -json\` run (${r.measuredSeconds.toFixed(2)} s of package time). ` +
      `Each shard is \`go-gate run --stages unit --shard i/n\`, with \`--timings\` or without (then by test functions), run one after ` +
      "another on this machine as n runners would run them side by side; the time is the unit stage's (its `go list`, the split and `go test`), one run each.",
    '',
    `Unsharded unit stage: ${s(r.unshardedMs)}.`,
    '',
    '| Shards | Ideal (1/n) | Longest shard, by timings | Longest shard, by test functions | Shards by timings |',
    '| ---: | ---: | ---: | ---: | --- |'
  )
  for (const row of r.rows)
    out.push(
      `| ${row.shards} | ${ratio(row.idealMs)} | ${ratio(row.timings.longestMs)} | ${ratio(row['test-count'].longestMs)} | ${row.timings.shardsMs.map(s).join(', ')} |`
    )
  const last = r.rows[r.rows.length - 1]
  out.push(
    '',
    `Percentages are of the unsharded stage. No split can beat the slowest package (${r.slowest[0]} s) nor the ` +
      "time every shard spends on its own (go-gate's start, `go list`, building and linking the test binaries), which does not shrink with n: " +
      `at ${last.shards} shards the longest shard by timings is ${(last.timings.longestMs / last.idealMs).toFixed(2)}× the ideal, ` +
      `by test functions ${(last['test-count'].longestMs / last.idealMs).toFixed(2)}×.`
  )
  return out
}

function renderCache(part) {
  const out = ['## 5. Cache: cold against warm', '']
  if (!part) return [...out, 'cache: not measured yet']
  out.push(partHeader(part), '')
  if (part.error) return [...out, `Not measured: ${part.error}`]
  const r = part.result
  out.push(
    '`bench/cache.mjs` (written with the cache issue): the unit stage’s command on __tests__/fixtures/cache-deps with empty ' +
      'module and build caches, then with the caches go-gate saved and restored through @actions/cache and a local cache service.',
    '',
    `Command: \`${r.command}\`.`,
    '',
    '| | Time |',
    '| --- | ---: |',
    `| cold | ${s(r.coldMs)} |`,
    `| warm | ${s(r.warmMs)} |`,
    `| warm, -count=1 | ${s(r.warmCount1Ms)} |`,
    `| restore | ${s(r.restoreMs)} |`,
    `| save | ${s(r.saveMs)} |`,
    ...(r.refusedRestoreMs === undefined
      ? []
      : [
          `| restore, service refusing connections | ${s(r.refusedRestoreMs)} |`,
          `| save, service refusing connections | ${s(r.refusedSaveMs)} |`
        ]),
    '',
    `Warm is ${pct(r.ratio)} of cold (target ≤ 40%); cache hit: ${r.hit}; archive ${r.archiveBytes === undefined ? 'n/a' : mb(r.archiveBytes)}.`
  )
  return out
}

function renderHuge(part) {
  const out = [
    '## 6. A 1 GB stream with 100,000 failing tests (hostile-input suite)',
    '',
    partHeader(part),
    ''
  ]
  if (part.error) return [...out, `Not measured: ${part.error}`]
  const r = part.result
  out.push(
    '`bench/huge-stream.mjs`: 1,000 packages, each with 100 copies of a recorded failing test (an assertion) between copies ' +
      'of recorded chatty passing tests; `node dist/cli/index.js analyze FILE --format json`. Too slow for CI, so a script.',
    '',
    '| Stream | Failing tests | Wall time | Peak RSS | Reported |',
    '| --- | ---: | ---: | ---: | --- |'
  )
  for (const x of r.results) {
    out.push(
      `| ${mb(x.bytes)} | ${count(x.failedTests)} | ${s(x.wallMs)} | ${mib(x.peakRssKiB)} | ${x.reportedResult}, ${count(x.reportedFailed)} failed tests |`
    )
  }
  out.push(
    '',
    'Bounded: the 1 GB stream needs no more memory than 100 MB holding the same failures (target: within 1.5×).'
  )
  return out
}
