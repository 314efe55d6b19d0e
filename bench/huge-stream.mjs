// The hostile-input suite's big case, a script because it is too slow for CI:
// a 1 GB `go test -json` stream with 100,000 failing tests, read by
// `go-gate analyze FILE --format json` in bounded memory. The stream is made of
// recorded events: 1,000 packages, each with 100 copies of the helper fixture's
// failing TestPercent (an assertion at money_test.go:13) between copies of the
// passing-noisy fixture's chatty passing tests, then the package's FAIL.
// Against it, the same 100,000 failures in a 100 MB stream: peak memory should
// follow the failures, not the bytes.
//
//   node bench/huge-stream.mjs          (or: node bench/run.mjs huge)
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { measure } from './lib/measure.mjs'
import { COPY_MARK, PACKAGE_MARK, testEventsTemplate } from './lib/replicate.mjs'
import { gateEntry } from './lib/tools.mjs'

const PACKAGES = 1000
const FAILING_PER_PACKAGE = 100

/** Writes PACKAGES packages of FAILING_PER_PACKAGE failing tests, padded with passing output to about `targetBytes`. */
export function writeHugeStream(file, targetBytes) {
  const failing = testEventsTemplate('helper', 'TestPercent')
  const passing = testEventsTemplate('passing-noisy')
  const failingBytes = Buffer.byteLength(failing) + 1
  const passingBytes = Buffer.byteLength(passing) + 1
  const padding = Math.max(
    0,
    Math.round((targetBytes / PACKAGES - FAILING_PER_PACKAGE * failingBytes) / passingBytes)
  )
  const fd = openSync(file, 'w')
  let bytes = 0
  try {
    for (let p = 0; p < PACKAGES; p++) {
      const pkg = `example.com/huge/p${p}`
      const parts = [`{"Action":"start","Package":"${pkg}"}\n`]
      const fail = failing.replaceAll(PACKAGE_MARK, pkg)
      const pass = passing.replaceAll(PACKAGE_MARK, pkg)
      let padded = 0
      for (let t = 0; t < FAILING_PER_PACKAGE; t++) {
        parts.push(`${fail.replaceAll(COPY_MARK, String(t))}\n`)
        // Spread the passing output between the failures.
        const due = Math.round(((t + 1) * padding) / FAILING_PER_PACKAGE)
        for (; padded < due; padded++) parts.push(`${pass.replaceAll(COPY_MARK, String(padded))}\n`)
      }
      parts.push(
        `{"Action":"output","Package":"${pkg}","Output":"FAIL\\n"}\n`,
        `{"Action":"output","Package":"${pkg}","Output":"FAIL\\t${pkg}\\t1.234s\\n"}\n`,
        `{"Action":"fail","Package":"${pkg}","Elapsed":1.234}\n`
      )
      const chunk = Buffer.from(parts.join(''), 'utf8')
      writeSync(fd, chunk)
      bytes += chunk.length
    }
  } finally {
    closeSync(fd)
  }
  return { bytes, packages: PACKAGES, failedTests: PACKAGES * FAILING_PER_PACKAGE }
}

export async function benchHugeStream({ log = () => {}, sizes = [1_000_000_000, 100_000_000] } = {}) {
  const cli = gateEntry('cli', log)
  const work = mkdtempSync(path.join(tmpdir(), 'go-gate-bench-huge-'))
  const results = []
  try {
    for (const size of sizes) {
      const file = path.join(work, `huge-${size}.jsonl`)
      log(`writing a ${size / 1e6} MB stream with ${PACKAGES * FAILING_PER_PACKAGE} failing tests ...`)
      const made = writeHugeStream(file, size)
      const out = path.join(work, 'report.json')
      const m = await measure(process.execPath, [cli, 'analyze', file, '--format', 'json'], {
        cwd: work,
        stdoutFile: out
      })
      if (m.exitCode !== 1)
        throw new Error(`go-gate analyze: expected exit 1, got ${m.exitCode}:\n${m.stderr.slice(-2000)}`)
      const report = JSON.parse(readFileSync(out, 'utf8'))
      const result = {
        bytes: statSync(file).size,
        packages: made.packages,
        failedTests: made.failedTests,
        wallMs: m.wallMs,
        peakRssKiB: m.peakRssKiB,
        reportedResult: report.result,
        reportedFailed: report.tests.failed,
        reportedFailures: report.failures.length
      }
      log(
        `${(result.bytes / 1e6).toFixed(0)} MB: ${(m.wallMs / 1000).toFixed(1)} s, peak ${m.peakRssKiB} KiB, ${report.tests.failed} failed tests reported`
      )
      results.push(result)
      rmSync(file, { force: true })
      rmSync(out, { force: true })
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
  const [huge, small] = results
  return {
    results,
    targets: {
      bounded: {
        // Bounded: the 1 GB stream costs no more than 1.5x the 100 MB one with the same failures, and it says failure.
        met:
          huge.reportedResult === 'failure' &&
          huge.reportedFailed === huge.failedTests &&
          huge.peakRssKiB <= 1.5 * small.peakRssKiB
      }
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const result = await benchHugeStream({ log: (m) => console.error(m) })
  console.log(JSON.stringify(result, null, 2))
}
