// Benchmark: reading a large `go test -json` stream. go-gate's CLI
// (`analyze FILE --format json`) against gotestsum (`--raw-command -- cat FILE`,
// its default pkgname format) and tparse (`-file FILE`), on streams made from
// the recorded fixture runs (bench/lib/replicate.mjs):
//
// - replicated: every recorded stream again and again, each copy under a new
//   module path, so packages, failures, panics and parallel subtests all grow
//   with the size (50 MB and 500 MB);
// - volume: the same ~1,100 packages and ~700 failing tests, grown to 50 MB and
//   500 MB with passing tests' output only.
//
//   node bench/stream.mjs            (or: node bench/run.mjs stream)
//
// Each program runs in an empty temporary folder (no go.mod, so go-gate looks up
// no sources), stdout to /dev/null; wall time and peak RSS from /usr/bin/time.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { hasGnuTime, measure, median } from './lib/measure.mjs'
import { writeReplicatedStream, writeVolumeStream } from './lib/replicate.mjs'
import { ensureGoTool, gateEntry } from './lib/tools.mjs'

const MB = 1_000_000

/** Peak RSS may grow by this factor while the stream grows 10× and still count as flat. */
export const FLAT_FACTOR = 1.5

export async function benchStream({
  log = () => {},
  small = 50 * MB,
  large = 500 * MB,
  runs = Number(process.env.BENCH_RUNS ?? 1)
} = {}) {
  const gate = gateEntry('cli', log)
  const gotestsum = ensureGoTool('gotestsum', log)
  const tparse = ensureGoTool('tparse', log)
  const work = mkdtempSync(path.join(tmpdir(), 'go-gate-bench-stream-'))
  const cwd = mkdtempSync(path.join(tmpdir(), 'go-gate-bench-cwd-'))
  const env = { ...process.env, NO_COLOR: '1' }
  const tools = [
    { name: 'go-gate', command: (file) => [process.execPath, [gate, 'analyze', file, '--format', 'json']] },
    { name: 'gotestsum', command: (file) => [gotestsum.path, ['--raw-command', '--', 'cat', file]] },
    { name: 'tparse', command: (file) => [tparse.path, ['-file', file]] }
  ]
  const streams = []
  const results = []
  try {
    const specs = [
      { id: 'replicated-small', kind: 'replicated', make: (f) => writeReplicatedStream(f, small) },
      { id: 'replicated-large', kind: 'replicated', make: (f) => writeReplicatedStream(f, large) },
      { id: 'volume-small', kind: 'volume', make: (f) => writeVolumeStream(f, small / 10, small) },
      { id: 'volume-large', kind: 'volume', make: (f) => writeVolumeStream(f, small / 10, large) }
    ]
    for (const spec of specs) {
      const file = path.join(work, `${spec.id}.jsonl`)
      log(`writing the ${spec.id} stream ...`)
      const made = spec.make(file)
      const stream = {
        id: spec.id,
        kind: spec.kind,
        bytes: statSync(file).size,
        packages: made.packages,
        failedTests: made.failedTests,
        failedPackages: made.failedPackages,
        copies: made.copies
      }
      streams.push(stream)
      for (const tool of tools) {
        const samples = []
        for (let i = 0; i < runs; i++) {
          const [cmd, args] = tool.command(file)
          const m = await measure(cmd, args, { cwd, env })
          log(
            `${spec.id} ${tool.name}: ${(m.wallMs / 1000).toFixed(2)} s, peak ${m.peakRssKiB} KiB, exit ${m.exitCode}`
          )
          if (m.signal || (m.exitCode !== 0 && m.exitCode !== 1)) {
            throw new Error(
              `${tool.name} on ${spec.id} ended with ${m.signal ?? `exit ${m.exitCode}`}:\n${m.stderr.slice(-2000)}`
            )
          }
          samples.push(m)
        }
        results.push({
          stream: spec.id,
          tool: tool.name,
          wallMs: median(samples.map((s) => s.wallMs)),
          peakRssKiB: median(samples.map((s) => s.peakRssKiB ?? 0)) || null,
          exitCode: samples[0].exitCode,
          runs
        })
      }
      rmSync(file, { force: true })
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
    rmSync(cwd, { recursive: true, force: true })
  }
  const get = (stream, tool) => results.find((r) => r.stream === stream && r.tool === tool)
  const fasterOn = (stream) =>
    ['gotestsum', 'tparse'].every((other) => get(stream, 'go-gate').wallMs < get(stream, other).wallMs)
  const growth = (kind) =>
    get(`${kind}-large`, 'go-gate').peakRssKiB / get(`${kind}-small`, 'go-gate').peakRssKiB
  return {
    tools: { gotestsum: gotestsum.version, tparse: tparse.version },
    memoryMethod: hasGnuTime() ? 'GNU time %M' : 'polled /proc VmHWM',
    streams,
    results,
    targets: {
      faster: { met: fasterOn('replicated-large') && fasterOn('volume-large') },
      flatReplicated: { met: growth('replicated') <= FLAT_FACTOR, growth: growth('replicated') },
      flatVolume: { met: growth('volume') <= FLAT_FACTOR, growth: growth('volume') }
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const result = await benchStream({ log: (m) => console.error(m) })
  console.log(JSON.stringify(result, null, 2))
}
