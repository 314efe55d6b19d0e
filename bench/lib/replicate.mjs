// Large `go test -json` streams grown from the recorded ones: every copy of a
// recorded run gets its module path renamed (`example.com/panic` becomes
// `example.com/panic-r17`), which renames its packages in every place they
// appear: Package, ImportPath and FailedBuild fields, and the `ok`/`FAIL`
// lines, `# pkg` build headers and panic frames inside Output.
import { closeSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const STREAMS_DIR = path.join(REPO, '__tests__', 'streams')

/** Recorded streams whose stdout alone is the whole run (the -buildtext one needs its stderr). */
export function recordedStreamNames() {
  return readdirSync(STREAMS_DIR)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => f.slice(0, -'.jsonl'.length))
    .filter((name) => !name.startsWith('compile-src-buildtext'))
    .sort()
}

/** One recorded stream with what a copy of it adds: bytes, packages, failing tests. */
export function loadRecorded(name) {
  const text = readFileSync(path.join(STREAMS_DIR, `${name}.jsonl`), 'utf8')
  const meta = JSON.parse(readFileSync(path.join(STREAMS_DIR, `${name}.meta.json`), 'utf8'))
  const modules = [...new Set(meta.packages.map((p) => p.Module?.Path).filter(Boolean))]
  if (modules.length !== 1) throw new Error(`${name}: expected one module, found ${modules.join(', ')}`)
  const stats = { packages: new Set(), failedTests: 0, failedPackages: 0, events: 0 }
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue
    const e = JSON.parse(line)
    stats.events++
    if (e.Package && e.Action === 'start') stats.packages.add(e.Package)
    if (e.Action === 'fail' && e.Test) stats.failedTests++
    if (e.Action === 'fail' && !e.Test && e.Package) stats.failedPackages++
  }
  return {
    name,
    module: modules[0],
    text: text.endsWith('\n') ? text : `${text}\n`,
    packages: stats.packages.size,
    failedTests: stats.failedTests,
    failedPackages: stats.failedPackages,
    events: stats.events
  }
}

/** The stream text of copy `n`: the module path gets a suffix, so every package is new. */
export function renameCopy(stream, n) {
  return stream.text.replaceAll(stream.module, `${stream.module}-r${n}`)
}

/**
 * Writes copies of the recorded streams, one round of every stream after another,
 * until the file holds at least `targetBytes`. Returns what went in.
 */
export function writeReplicatedStream(file, targetBytes, names = recordedStreamNames()) {
  const streams = names.map(loadRecorded)
  const fd = openSync(file, 'w')
  const totals = {
    bytes: 0,
    copies: 0,
    packages: 0,
    failedTests: 0,
    failedPackages: 0,
    events: 0,
    streams: names
  }
  try {
    for (let round = 0; totals.bytes < targetBytes; round++) {
      const parts = []
      for (const stream of streams) {
        parts.push(renameCopy(stream, round))
        totals.copies++
        totals.packages += stream.packages
        totals.failedTests += stream.failedTests
        totals.failedPackages += stream.failedPackages
        totals.events += stream.events
      }
      const chunk = Buffer.from(parts.join(''), 'utf8')
      writeSync(fd, chunk)
      totals.bytes += chunk.length
    }
  } finally {
    closeSync(fd)
  }
  return totals
}

/**
 * The same packages and failures as `writeReplicatedStream(file, baseBytes)`, grown
 * to `targetBytes` with passing output only: after each package's `start` event go
 * copies of the passing-noisy fixture's tests (renamed `TestX_v<k>`, so each is a
 * new test), as a package with long, chatty passing tests prints. A reader whose
 * memory follows failures, not log size, stays flat across targets.
 */
export function writeVolumeStream(file, baseBytes, targetBytes) {
  const base = path.join(path.dirname(file), `${path.basename(file)}.base`)
  const totals = writeReplicatedStream(base, baseBytes)
  const template = testEventsTemplate('passing-noisy')
  const templateBytes = Buffer.byteLength(template) + 1
  const perPackage = Math.max(0, Math.round((targetBytes - totals.bytes) / (totals.packages * templateBytes)))
  const baseText = readFileSync(base, 'utf8')
  rmSync(base)
  const fd = openSync(file, 'w')
  let bytes = 0
  let passedTests = 0
  const testsPerBlock = testCount(template)
  try {
    let pending = []
    let pendingBytes = 0
    const flush = () => {
      const chunk = Buffer.from(pending.join(''), 'utf8')
      writeSync(fd, chunk)
      bytes += chunk.length
      pending = []
      pendingBytes = 0
    }
    for (const line of baseText.split('\n')) {
      if (line === '') continue
      pending.push(`${line}\n`)
      pendingBytes += line.length + 1
      if (line.includes('"Action":"start"')) {
        const pkg = JSON.parse(line).Package
        const block = template.replaceAll(PACKAGE_MARK, pkg)
        for (let k = 0; k < perPackage; k++) {
          const text = `${block.replaceAll(COPY_MARK, String(k))}\n`
          pending.push(text)
          pendingBytes += text.length
          passedTests += testsPerBlock
        }
      }
      if (pendingBytes > 1 << 22) flush()
    }
    flush()
  } finally {
    closeSync(fd)
  }
  return {
    ...totals,
    bytes,
    baseBytes: totals.bytes,
    paddingTestsPerPackage: perPackage * testsPerBlock,
    passedTestsAdded: passedTests
  }
}

/** Placeholders in a template made by testEventsTemplate. */
export const PACKAGE_MARK = '@@PACKAGE@@'
export const COPY_MARK = '@@COPY@@'

/**
 * The events of a recorded stream's tests (those with a Test field, optionally
 * only `testName` and its subtests) as text with PACKAGE_MARK for the package and
 * COPY_MARK after the top-level test name: fill both to make new tests.
 */
export function testEventsTemplate(streamName, testName) {
  return readFileSync(path.join(STREAMS_DIR, `${streamName}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line))
    .filter(
      (e) =>
        e.Test !== undefined &&
        (testName === undefined || e.Test === testName || e.Test.startsWith(`${testName}/`))
    )
    .map((e) =>
      JSON.stringify({
        ...e,
        Package: PACKAGE_MARK,
        Test: e.Test.replace(/^[^/]+/, (t) => `${t}_v${COPY_MARK}`)
      })
    )
    .join('\n')
}

/** How many distinct tests a template holds. */
export function testCount(template) {
  return new Set(template.split('\n').map((l) => JSON.parse(l).Test)).size
}
