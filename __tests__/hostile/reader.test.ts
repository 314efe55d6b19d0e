// Hostile input for the reader: the recorded streams shuffled, cut, duplicated,
// retyped and sprinkled with noise, and streams generated from random events.
// Whatever comes in, the reader never throws, never says green for a stream
// that holds a failure or stops before its packages finish, never writes more
// than 10 error annotations and never renders a summary over 1 MiB.
import { readdirSync } from 'node:fs'
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import type { SourceIndex } from '../../src/gotest/locate.js'
import type { RunReport } from '../../src/model/report.js'
import { renderJson } from '../../src/report/json.js'
import { rankAnnotations } from '../../src/report/rank.js'
import { renderSummary, SUMMARY_LIMIT_BYTES } from '../../src/report/summary.js'
import { renderTerminal } from '../../src/report/terminal.js'
import {
  chunkBytes,
  loadStream,
  type RecordedStream,
  recordedIndex,
  STREAMS_DIR
} from '../support/streams.js'
import { judgeStream, reportFromStream, type StreamInput, streamLines } from './stream-report.js'

const NAMES = readdirSync(STREAMS_DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .map((f) => f.slice(0, -'.jsonl'.length))
  .sort()
const STREAMS = new Map<string, RecordedStream>(NAMES.map((n) => [n, loadStream(n)]))
/** Green recorded runs are where a lie would show, so they are picked as often as all the red ones. */
const GREEN = NAMES.filter((n) => STREAMS.get(n)?.meta.exitCode === 0)
const streamNameArb = fc.oneof(fc.constantFrom(...NAMES), fc.constantFrom(...GREEN))

/** Every promise the suite makes about one stream. */
function checkStream(input: StreamInput, index?: SourceIndex): RunReport {
  const verdict = judgeStream(input)
  const report = reportFromStream(input, index)
  if (verdict.failEvent || verdict.unfinished.length > 0) {
    expect({ result: report.result, verdict }).toEqual({ result: 'failure', verdict })
  }
  const errors = rankAnnotations(report).filter((a) => a.severity === 'error')
  expect(errors.length).toBeLessThanOrEqual(10)
  const summary = renderSummary(report, { blobUrl: 'https://github.com/acme/shop/blob/0123456789abcdef' })
  expect(Buffer.byteLength(summary, 'utf8')).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES)
  renderJson(report)
  renderTerminal(report, { color: false })
  return report
}

// ---------------------------------------------------------------------------
// Mutations of recorded streams. A stream is a list of lines (as bytes, so a
// mutation can put invalid UTF-8 anywhere); mutations pick lines by a number
// taken modulo the line count, so they shrink well and never run off the end.

type Line = Buffer

const jsonValueArb = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string({ maxLength: 20 }),
  fc.constant([]),
  fc.constant({}),
  fc.constant(['fail']),
  fc.constant({ Action: 'fail' })
)

const FIELDS = [
  'Action',
  'Package',
  'Test',
  'Output',
  'Elapsed',
  'ImportPath',
  'FailedBuild',
  'Time',
  'OutputType',
  'Key',
  'Value'
] as const

/** Lines a terminal, a wrapper script or a dying binary can leave in a stream. */
const NOISE_LINES = [
  'panic: runtime error: invalid memory address or nil pointer dereference',
  'FAIL\texample.com/panic\t0.012s',
  'ok  \texample.com/panic\t(cached)',
  '# example.com/compile-src/internal/model',
  'internal/model/user.go:29:9: undefined: x',
  'go: downloading example.com/dep v1.2.3',
  '{"Action":',
  '{"Action":"fail"',
  '{}',
  '[]',
  'null',
  '{"Action":""}',
  '{"Action":"frobnicate","Package":"example.com/x"}',
  '\u0016--- FAIL: TestFake (0.00s)',
  '=== RUN   TestGhost',
  '::error file=x.go,line=1::boom',
  '\ufeff{"Action":"start","Package":"example.com/bom"}'
]

const noiseArb: fc.Arbitrary<Line> = fc.oneof(
  fc.constantFrom(...NOISE_LINES).map((s) => Buffer.from(s, 'utf8')),
  fc.string({ maxLength: 120 }).map((s) => Buffer.from(s, 'utf8')),
  fc.string({ unit: 'binary', maxLength: 60 }).map((s) => Buffer.from(s, 'utf8')),
  fc.uint8Array({ maxLength: 80 }).map((a) => Buffer.from(a)),
  fc
    .dictionary(fc.constantFrom(...FIELDS), jsonValueArb, { maxKeys: 5 })
    .map((o) => Buffer.from(JSON.stringify(o), 'utf8'))
)

type Mutation =
  | { op: 'shuffle'; seed: number }
  | { op: 'swap'; i: number; j: number }
  | { op: 'duplicate'; i: number; n: number }
  | { op: 'drop'; i: number; n: number }
  | { op: 'noise'; i: number; line: Line }
  | { op: 'retype'; i: number; field: (typeof FIELDS)[number]; value: unknown; remove: boolean }
  | { op: 'contradict'; i: number; action: string }
  | { op: 'huge'; i: number; size: number; json: boolean }
  | { op: 'prefix'; i: number; prefix: string }
  | { op: 'badUtf8'; i: number; at: number; bytes: number[] }
  | { op: 'crlf' }
  | { op: 'join'; i: number }
  | { op: 'late'; i: number; action: string; asPackage: boolean }

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant('shuffle' as const), seed: fc.integer() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('swap' as const), i: fc.nat(), j: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('duplicate' as const),
      i: fc.nat(),
      n: fc.integer({ min: 1, max: 20 })
    })
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('drop' as const),
      i: fc.nat(),
      n: fc.integer({ min: 1, max: 20 })
    })
  },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('noise' as const), i: fc.nat(), line: noiseArb }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('retype' as const),
      i: fc.nat(),
      field: fc.constantFrom(...FIELDS),
      value: jsonValueArb,
      remove: fc.boolean()
    })
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('contradict' as const),
      i: fc.nat(),
      action: fc.constantFrom('pass', 'fail', 'skip', 'start', 'run', 'output')
    })
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('huge' as const),
      i: fc.nat(),
      size: fc.constantFrom(1500, 70_000, (1 << 20) + 100),
      json: fc.boolean()
    })
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('prefix' as const),
      i: fc.nat(),
      prefix: fc.constantFrom(' ', '\u0016', 'ok ', 'xxxx', '\t\t')
    })
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('badUtf8' as const),
      i: fc.nat(),
      at: fc.nat(),
      bytes: fc
        .constantFrom([0xff], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xc0, 0xaf])
        .map((b) => [...b])
    })
  },
  { weight: 1, arbitrary: fc.constant({ op: 'crlf' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('join' as const), i: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('late' as const),
      i: fc.nat(),
      action: fc.constantFrom('pass', 'fail', 'skip'),
      asPackage: fc.boolean()
    })
  }
)

/** A small seeded PRNG, so a shuffle shrinks to its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function parseLine(line: Line): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(line.toString('utf8'))
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined
  } catch {
    return undefined
  }
}

function mutate(lines: Line[], m: Mutation): Line[] {
  const out = [...lines]
  const at = (i: number) => (out.length === 0 ? 0 : i % out.length)
  switch (m.op) {
    case 'shuffle': {
      const rnd = random(m.seed)
      for (let k = out.length - 1; k > 0; k--) {
        const j = Math.floor(rnd() * (k + 1))
        ;[out[k], out[j]] = [out[j], out[k]]
      }
      return out
    }
    case 'swap': {
      if (out.length === 0) return out
      const i = at(m.i)
      const j = at(m.j)
      ;[out[i], out[j]] = [out[j], out[i]]
      return out
    }
    case 'duplicate':
      return out.length === 0
        ? out
        : [...out.slice(0, at(m.i) + m.n), ...out.slice(at(m.i), at(m.i) + m.n), ...out.slice(at(m.i) + m.n)]
    case 'drop':
      return [...out.slice(0, at(m.i)), ...out.slice(at(m.i) + m.n)]
    case 'noise':
      out.splice(at(m.i), 0, m.line)
      return out
    case 'retype': {
      if (out.length === 0) return out
      const i = at(m.i)
      const event = parseLine(out[i])
      if (!event) return out
      if (m.remove) delete event[m.field]
      else event[m.field] = m.value
      out[i] = Buffer.from(JSON.stringify(event), 'utf8')
      return out
    }
    case 'contradict': {
      if (out.length === 0) return out
      const i = at(m.i)
      const event = parseLine(out[i])
      if (!event) return out
      // The same package (and test) again with another action: pass after fail, fail after pass, ...
      const { Time, Package, Test } = event
      out.splice(i + 1, 0, Buffer.from(JSON.stringify({ Time, Action: m.action, Package, Test }), 'utf8'))
      return out
    }
    case 'huge': {
      const body = 'x'.repeat(m.size)
      const event = parseLine(out[at(m.i)] ?? Buffer.alloc(0)) ?? {
        Action: 'output',
        Package: 'example.com/huge'
      }
      const line = m.json
        ? JSON.stringify({ ...event, Action: 'output', Output: `    huge_test.go:1: ${body}\n` })
        : body
      out.splice(at(m.i), 0, Buffer.from(line, 'utf8'))
      return out
    }
    case 'prefix': {
      if (out.length === 0) return out
      const i = at(m.i)
      out[i] = Buffer.concat([Buffer.from(m.prefix, 'utf8'), out[i]])
      return out
    }
    case 'badUtf8': {
      if (out.length === 0) return out
      const i = at(m.i)
      const cut = out[i].length === 0 ? 0 : m.at % out[i].length
      out[i] = Buffer.concat([out[i].subarray(0, cut), Buffer.from(m.bytes), out[i].subarray(cut)])
      return out
    }
    case 'crlf':
      return out.map((l) => Buffer.concat([l, Buffer.from('\r')]))
    case 'late': {
      // An event for a package (or test) of the stream, after everything else.
      if (out.length === 0) return out
      const event = parseLine(out[at(m.i)])
      if (!event) return out
      out.push(
        Buffer.from(
          JSON.stringify({
            Action: m.action,
            Package: event.Package,
            Test: m.asPackage ? undefined : event.Test
          }),
          'utf8'
        )
      )
      return out
    }
    case 'join': {
      // Two lines run together, as when a writer loses a newline.
      if (out.length < 2) return out
      const i = at(m.i) % (out.length - 1)
      out.splice(i, 2, Buffer.concat([out[i], out[i + 1]]))
      return out
    }
  }
}

const chunk = chunkBytes

const chunksArb = fc.array(fc.integer({ min: 1, max: 5000 }), { maxLength: 6 })

describe('mutated recorded streams', () => {
  test('there are recorded streams to mutate, green ones among them', () => {
    expect(NAMES.length).toBeGreaterThan(15)
    expect(GREEN.length).toBeGreaterThan(0)
  })

  test('shuffled, cut, duplicated, retyped and noisy streams keep every promise', () => {
    fc.assert(
      fc.property(
        streamNameArb,
        fc.array(mutationArb, { minLength: 1, maxLength: 6 }),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        chunksArb,
        fc.boolean(),
        (name, mutations, cutAt, sizes, withStderr) => {
          const stream = STREAMS.get(name) as RecordedStream
          const lines = mutations.reduce(
            mutate,
            streamLines(stream.stdout).map((l) => Buffer.from(l, 'utf8'))
          )
          let bytes = Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]))
          if (cutAt !== undefined) bytes = bytes.subarray(0, Math.floor(cutAt * bytes.length))
          const input: StreamInput = {
            stdout: chunk(bytes, sizes),
            stderr: withStderr && stream.stderr ? [stream.stderr] : []
          }
          checkStream(input, recordedIndex(stream))
        }
      ),
      { numRuns: 400 }
    )
  })

  test('a stream cut at any byte is never green unless every package had finished', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), fc.double({ min: 0, max: 1, noNaN: true }), (name, cutAt) => {
        const stream = STREAMS.get(name) as RecordedStream
        const bytes = stream.stdout.subarray(0, Math.floor(cutAt * stream.stdout.length))
        checkStream({ stdout: [bytes] }, recordedIndex(stream))
      }),
      { numRuns: 300 }
    )
  })
})

// ---------------------------------------------------------------------------
// Streams generated from random events: any order, any field missing or of
// the wrong type, output drawn from the shapes the reader looks for.

const PACKAGES = ['example.com/m', 'example.com/m/a', 'example.com/m/b/c', 'example.com/m/a_test', '']
const TESTS = [
  'TestA',
  'TestA/sub_1',
  'TestA/sub_1/deeper',
  'TestA/sub#01',
  'TestB',
  'ExampleX',
  'FuzzF/seed#0',
  'TestMain',
  ''
]
const ACTIONS = [
  'start',
  'run',
  'pause',
  'cont',
  'pass',
  'fail',
  'skip',
  'output',
  'bench',
  'build-output',
  'build-fail',
  'attr',
  'frobnicate'
]
const OUTPUTS = [
  '=== RUN   TestA\n',
  '--- FAIL: TestA (0.00s)\n',
  '    a_test.go:12: got 1, want 2\n',
  '        continuation of the message\n',
  '    /repo/a/a_test.go:7: with -fullpath\n',
  '    ../../../etc/x_test.go:1: climbing out\n',
  'panic: boom [recovered]\n',
  '\tpanic: boom\n',
  'goroutine 7 [running]:\n',
  'example.com/m/a.TestA(0xc000102340)\n',
  '\t/repo/a/a_test.go:15 +0x1d\n',
  '\t/usr/local/go/src/testing/testing.go:1792 +0xf3\n',
  'created by testing.(*T).Run in goroutine 1\n',
  'panic: test timed out after 5s\n',
  'running tests:\n',
  '\t\tTestA (5s)\n',
  'goroutine 9 [chan receive]:\n',
  'WARNING: DATA RACE\n',
  'Write at 0x00c000 by goroutine 8:\n',
  '    testing.go:1490: race detected during execution of test\n',
  'testing: race detected outside of test execution\n',
  'got:\n',
  'want:\n',
  'FAIL\n',
  'FAIL\texample.com/m/a\t0.01s\n',
  'ok  \texample.com/m\t0.01s\tcoverage: 50.0% of statements\n',
  '?   \texample.com/m/b/c\t[no test files]\n',
  'FAIL\texample.com/m [build failed]\n',
  '# example.com/m/a\n',
  'a/a.go:3:2: undefined: x\n',
  '../other/x.go:3:2: undefined: y\n',
  '/usr/local/go/src/strings/strings.go:10:1: z\n',
  'no partial line',
  '<script>alert(1)</script> **bold** `tick` | pipe\n',
  '::add-mask::secret\n',
  '##[error]legacy\n'
]

const eventArb = fc.record(
  {
    Action: fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom(...ACTIONS) },
      { weight: 1, arbitrary: jsonValueArb }
    ),
    Package: fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom(...PACKAGES) },
      { weight: 1, arbitrary: jsonValueArb }
    ),
    Test: fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom(...TESTS) },
      { weight: 1, arbitrary: jsonValueArb }
    ),
    Output: fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom(...OUTPUTS) },
      { weight: 2, arbitrary: fc.string({ maxLength: 80 }) },
      { weight: 1, arbitrary: jsonValueArb }
    ),
    Elapsed: fc.oneof(fc.double({ noNaN: true }), jsonValueArb),
    ImportPath: fc.constantFrom('example.com/m/a', 'example.com/m/a [example.com/m/a.test]', ''),
    FailedBuild: fc.constantFrom('example.com/m/a', 'example.com/m/b/c'),
    OutputType: fc.constantFrom('frame', 'error', 'error-continue', 'weird'),
    Key: fc.string({ maxLength: 8 }),
    Value: fc.string({ maxLength: 8 })
  },
  { requiredKeys: [] }
)

const GENERATED_INDEX: SourceIndex = {
  repoRoot: '/repo',
  commandDir: '/repo',
  packages: new Map([
    ['example.com/m', { importPath: 'example.com/m', dir: '/repo' }],
    ['example.com/m/a', { importPath: 'example.com/m/a', dir: '/repo/a', files: ['a.go', 'a_test.go'] }],
    ['example.com/m/b/c', { importPath: 'example.com/m/b/c', dir: '/repo/b/c' }]
  ])
}

/** A run as go test writes it: packages start, their tests run and end, then the package ends. */
const runArb = fc
  .array(
    fc.record({
      pkg: fc.constantFrom(...PACKAGES.filter((p) => p !== '')),
      tests: fc.array(
        fc.record({
          name: fc.constantFrom(...TESTS.filter((t) => t !== '')),
          outcome: fc.constantFrom('pass', 'pass', 'skip', 'fail'),
          output: fc.array(fc.constantFrom(...OUTPUTS), { maxLength: 4 })
        }),
        { maxLength: 6 }
      )
    }),
    { minLength: 1, maxLength: 4 }
  )
  .map((packages) => {
    const lines: Line[] = []
    const push = (e: Record<string, unknown>) => lines.push(Buffer.from(JSON.stringify(e), 'utf8'))
    for (const { pkg, tests } of packages) {
      push({ Action: 'start', Package: pkg })
      for (const t of tests) {
        push({ Action: 'run', Package: pkg, Test: t.name })
        for (const Output of t.output) push({ Action: 'output', Package: pkg, Test: t.name, Output })
        push({ Action: t.outcome, Package: pkg, Test: t.name })
      }
      push({ Action: tests.some((t) => t.outcome === 'fail') ? 'fail' : 'pass', Package: pkg })
    }
    return lines
  })

describe('generated event streams', () => {
  test('well-formed runs, then mutated, keep every promise', () => {
    fc.assert(
      fc.property(runArb, fc.array(mutationArb, { maxLength: 4 }), chunksArb, (lines, mutations, sizes) => {
        const mutated = mutations.reduce(mutate, lines)
        const bytes = Buffer.concat(mutated.flatMap((l) => [l, Buffer.from('\n')]))
        checkStream({ stdout: chunk(bytes, sizes) }, GENERATED_INDEX)
      }),
      { numRuns: 400 }
    )
  })

  test('random events in random order keep every promise', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 120 }), chunksArb, (events, sizes) => {
        const bytes = Buffer.from(events.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8')
        checkStream({ stdout: chunk(bytes, sizes) }, GENERATED_INDEX)
      }),
      { numRuns: 400 }
    )
  })

  test('many packages full of failures: still 10 error annotations and a summary under 1 MiB', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 3000 }),
        (packages, tests, bulk) => {
          const lines: string[] = []
          for (let p = 0; p < packages; p++) {
            const Package = `example.com/m/p${p}`
            lines.push(JSON.stringify({ Action: 'start', Package }))
            for (let t = 0; t < tests; t++) {
              const Test = `TestCase${t}/<b>${'`'.repeat(t % 4)}x</b>`
              lines.push(JSON.stringify({ Action: 'run', Package, Test }))
              lines.push(
                JSON.stringify({
                  Action: 'output',
                  Package,
                  Test,
                  Output: `    p_test.go:${t + 1}: ${'y'.repeat(bulk)} **no**\n`
                })
              )
              lines.push(JSON.stringify({ Action: 'fail', Package, Test }))
            }
            lines.push(JSON.stringify({ Action: 'fail', Package }))
          }
          const report = checkStream({ stdout: [`${lines.join('\n')}\n`] }, GENERATED_INDEX)
          expect(report.tests.failed).toBe(packages * tests)
        }
      ),
      { numRuns: 25 }
    )
  })
})

// ---------------------------------------------------------------------------
// The contradictions and shapes found by the properties above, kept as plain
// examples so each names what goes wrong.

function events(...list: Record<string, unknown>[]): StreamInput {
  return { stdout: [list.map((e) => `${JSON.stringify(e)}\n`).join('')] }
}

describe('contradictory and unusual streams are never green', () => {
  test.each([
    [
      'a test fails after its package passed',
      events(
        { Action: 'start', Package: 'p' },
        { Action: 'pass', Package: 'p' },
        { Action: 'fail', Package: 'p', Test: 'TestX' }
      )
    ],
    [
      'a package fails after it passed',
      events(
        { Action: 'start', Package: 'p' },
        { Action: 'pass', Package: 'p' },
        { Action: 'fail', Package: 'p' }
      )
    ],
    [
      'a package is skipped after one of its tests failed',
      events(
        { Action: 'start', Package: 'p' },
        { Action: 'run', Package: 'p', Test: 'TestX' },
        { Action: 'fail', Package: 'p', Test: 'TestX' },
        { Action: 'skip', Package: 'p' }
      )
    ],
    [
      'a test passes after it failed, then the package passes',
      events(
        { Action: 'start', Package: 'p' },
        { Action: 'run', Package: 'p', Test: 'TestX' },
        { Action: 'fail', Package: 'p', Test: 'TestX' },
        { Action: 'pass', Package: 'p', Test: 'TestX' },
        { Action: 'pass', Package: 'p' }
      )
    ],
    ['a build fails with no package at all', events({ Action: 'build-fail', ImportPath: 'example.com/m/a' })],
    ['a package starts and the stream ends', events({ Action: 'start', Package: 'p' })]
  ])('%s', (_name, input) => {
    expect(reportFromStream(input).result).toBe('failure')
    checkStream(input)
  })

  // `go tool test2json -t ./x.test -test.v=test2json` (a test binary run without
  // `-p pkg`, as Bazel and hand-written CI scripts do) writes no Package field.
  // Recorded from __tests__/fixtures/helper with go1.26.
  const TEST2JSON_WITHOUT_PACKAGE = [
    '{"Time":"2026-11-28T05:58:20.837534977Z","Action":"start"}',
    '{"Time":"2026-11-28T05:58:20.840547208Z","Action":"run","Test":"TestAdd"}',
    '{"Time":"2026-11-28T05:58:20.84056871Z","Action":"output","Test":"TestAdd","Output":"=== RUN   TestAdd\\n"}',
    '{"Time":"2026-11-28T05:58:20.840594959Z","Action":"output","Test":"TestAdd","Output":"--- PASS: TestAdd (0.00s)\\n"}',
    '{"Time":"2026-11-28T05:58:20.840597502Z","Action":"pass","Test":"TestAdd","Elapsed":0}',
    '{"Time":"2026-11-28T05:58:20.840601268Z","Action":"run","Test":"TestPercent"}',
    '{"Time":"2026-11-28T05:58:20.84060277Z","Action":"output","Test":"TestPercent","Output":"=== RUN   TestPercent\\n"}',
    '{"Time":"2026-11-28T05:58:20.84071766Z","Action":"output","Test":"TestPercent","Output":"    money_test.go:13: got 0.99, want 1.00\\n"}',
    '{"Time":"2026-11-28T05:58:20.840736258Z","Action":"output","Test":"TestPercent","Output":"--- FAIL: TestPercent (0.00s)\\n"}',
    '{"Time":"2026-11-28T05:58:20.840743749Z","Action":"fail","Test":"TestPercent","Elapsed":0}',
    '{"Time":"2026-11-28T05:58:20.840753994Z","Action":"run","Test":"TestString"}',
    '{"Time":"2026-11-28T05:58:20.840919429Z","Action":"output","Test":"TestString","Output":"=== RUN   TestString\\n"}',
    '{"Time":"2026-11-28T05:58:20.840931868Z","Action":"output","Test":"TestString","Output":"--- PASS: TestString (0.00s)\\n"}',
    '{"Time":"2026-11-28T05:58:20.840939018Z","Action":"pass","Test":"TestString","Elapsed":0}',
    '{"Time":"2026-11-28T05:58:20.840945888Z","Action":"output","Output":"FAIL\\n"}',
    '{"Time":"2026-11-28T05:58:20.841297359Z","Action":"fail","Elapsed":0.004}'
  ].join('\n')

  test('test2json output without Package fields, with a failing test', () => {
    const report = reportFromStream({ stdout: [`${TEST2JSON_WITHOUT_PACKAGE}\n`] })
    expect(report.result).toBe('failure')
    expect(report.tests.failed).toBe(1)
  })
})
