// Hostile input for the coverage parser: a real `go test -coverpkg` profile of
// a fixture, shuffled, duplicated, cut, retyped and sprinkled with noise, fed
// in random chunks. It never fails with anything but a CoverageProfileError
// that names the line, never skips a line it cannot read, and line order and
// chunking never change the total.
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import {
  CoverageProfileError,
  CoverageProfileParser,
  type CoverageReport,
  summarizeProfile
} from '../../src/coverage/index.js'
import type { RunReport } from '../../src/model/report.js'
import { renderSummary, SUMMARY_LIMIT_BYTES } from '../../src/report/summary.js'
import { go } from '../coverage/go.js'
import { REPO_ROOT } from '../support/runner.js'
import { chunkBytes } from '../support/streams.js'

const FIXTURE = path.join(REPO_ROOT, '__tests__', 'fixtures', 'coverage-multi')
const OPTIONS = {
  repoRoot: FIXTURE,
  modules: [{ path: 'example.com/coverage-multi', dir: FIXTURE }],
  exclude: []
}

let modeLine = ''
let blockLines: string[] = []
let baseline: CoverageReport

beforeAll(async () => {
  const profile = path.join(mkdtempSync(path.join(os.tmpdir(), 'go-gate-hostile-cover-')), 'cover.out')
  await go(['test', `-coverprofile=${profile}`, '-coverpkg=./...', './...'], FIXTURE)
  const lines = readFileSync(profile, 'utf8').trimEnd().split('\n')
  ;[modeLine, ...blockLines] = lines
  baseline = parse([Buffer.from(`${lines.join('\n')}\n`)])
}, 120_000)

/** Parses and summarizes profile bytes delivered in chunks. */
function parse(chunks: Buffer[]): CoverageReport {
  const parser = new CoverageProfileParser('cover.out')
  for (const c of chunks) parser.pushBytes(c)
  return summarizeProfile(parser.finish(), OPTIONS)
}

/** The only way the parser may fail: a CoverageProfileError naming a line. */
function parseOrProfileError(chunks: Buffer[]): CoverageReport | CoverageProfileError {
  try {
    return parse(chunks)
  } catch (error) {
    expect(error).toBeInstanceOf(CoverageProfileError)
    const e = error as CoverageProfileError
    expect(e.line).toBeGreaterThanOrEqual(1)
    expect(e.message).toMatch(/^coverage profile cover\.out line \d+: /)
    return e
  }
}

const chunk = chunkBytes

const chunksArb = fc.array(fc.integer({ min: 1, max: 600 }), { maxLength: 5 })

const text = (lines: string[]) => Buffer.from(`${lines.join('\n')}\n`, 'utf8')

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items]
  let a = seed >>> 0
  for (let k = out.length - 1; k > 0; k--) {
    a = (Math.imul(a ^ (a >>> 15), 2246822507) + 0x9e3779b9) >>> 0
    const j = a % (k + 1)
    ;[out[k], out[j]] = [out[j], out[k]]
  }
  return out
}

const totals = (r: CoverageReport) => ({
  statements: r.statements,
  covered: r.covered,
  percentText: r.percentText
})

describe('a real profile, reordered and re-chunked', () => {
  test('the fixture profile is real and merged (-coverpkg repeats blocks)', () => {
    expect(modeLine).toBe('mode: set')
    expect(blockLines.length).toBeGreaterThan(new Set(blockLines.map((l) => l.split(' ')[0])).size)
    expect(baseline.statements).toBeGreaterThan(0)
  })

  test('any line order and any chunking give the same total', () => {
    fc.assert(
      fc.property(fc.integer(), chunksArb, (seed, sizes) => {
        const report = parse(chunk(text([modeLine, ...shuffled(blockLines, seed)]), sizes))
        expect(totals(report)).toEqual(totals(baseline))
      }),
      { numRuns: 200 }
    )
  })

  test('block lines repeated (more test binaries) change nothing in set mode', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), fc.integer(), (picks, seed) => {
        const extra = picks.map((i) => blockLines[i % blockLines.length])
        const report = parse([text([modeLine, ...shuffled([...blockLines, ...extra], seed)])])
        expect(totals(report)).toEqual(totals(baseline))
      }),
      { numRuns: 100 }
    )
  })
})

type Mutation =
  | { op: 'noise'; at: number; line: string }
  | { op: 'retype'; at: number; field: number; value: string }
  | { op: 'badUtf8'; at: number; pos: number; bytes: number[] }
  | { op: 'huge'; at: number; size: number }
  | { op: 'contradict'; at: number; delta: number }
  | { op: 'drop'; at: number }
  | { op: 'mode'; at: number; mode: string }
  | { op: 'crlf' }

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant('noise' as const),
    at: fc.nat(),
    line: fc.oneof(
      fc.constantFrom(
        'FAIL\texample.com/coverage-multi/calc',
        'ok  \tx\t0.1s',
        'panic: boom',
        '{"Action":"pass"}',
        'mode:',
        '\u0000'
      ),
      fc.string({ maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 40 })
    )
  }),
  fc.record({
    op: fc.constant('retype' as const),
    at: fc.nat(),
    field: fc.integer({ min: 0, max: 6 }),
    value: fc.constantFrom('', '-1', 'x', '1e3', '0x10', '１', '99999999999999999999', ' ', '1.5', 'NaN')
  }),
  fc.record({
    op: fc.constant('badUtf8' as const),
    at: fc.nat(),
    pos: fc.nat(),
    bytes: fc.constantFrom([0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80]).map((b) => [...b])
  }),
  fc.record({ op: fc.constant('huge' as const), at: fc.nat(), size: fc.constantFrom(1000, 70_000) }),
  fc.record({ op: fc.constant('contradict' as const), at: fc.nat(), delta: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('mode' as const),
    at: fc.nat(),
    mode: fc.constantFrom('mode: set', 'mode: count', 'mode: atomic', 'mode: bogus')
  }),
  fc.constant({ op: 'crlf' as const })
)

const BLOCK = /^(.+):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)$/

function mutate(lines: Buffer[], m: Mutation): Buffer[] {
  const out = [...lines]
  const at = (i: number) => (out.length === 0 ? 0 : i % out.length)
  switch (m.op) {
    case 'noise':
      out.splice(at(m.at), 0, Buffer.from(m.line, 'utf8'))
      return out
    case 'retype': {
      const i = at(m.at)
      const match = BLOCK.exec(out[i]?.toString('utf8') ?? '')
      if (!match) return out
      const f = match.slice(1)
      f[m.field] = m.value
      out[i] = Buffer.from(`${f[0]}:${f[1]}.${f[2]},${f[3]}.${f[4]} ${f[5]} ${f[6]}`, 'utf8')
      return out
    }
    case 'badUtf8': {
      const i = at(m.at)
      if (!out[i]) return out
      const pos = out[i].length === 0 ? 0 : m.pos % out[i].length
      out[i] = Buffer.concat([out[i].subarray(0, pos), Buffer.from(m.bytes), out[i].subarray(pos)])
      return out
    }
    case 'huge':
      out.splice(
        at(m.at),
        0,
        Buffer.from(`example.com/coverage-multi/${'x'.repeat(m.size)}.go:1.1,2.2 1 1`, 'utf8')
      )
      return out
    case 'contradict': {
      // The same range again with another statement count: two versions of the source.
      const i = at(m.at)
      const match = BLOCK.exec(out[i]?.toString('utf8') ?? '')
      if (!match) return out
      const f = match.slice(1)
      out.push(
        Buffer.from(`${f[0]}:${f[1]}.${f[2]},${f[3]}.${f[4]} ${Number(f[5]) + m.delta} ${f[6]}`, 'utf8')
      )
      return out
    }
    case 'drop':
      out.splice(at(m.at), 1)
      return out
    case 'mode':
      out.splice(at(m.at), 0, Buffer.from(m.mode, 'utf8'))
      return out
    case 'crlf':
      return out.map((l) => Buffer.concat([l, Buffer.from('\r')]))
  }
}

describe('a real profile, damaged', () => {
  test('any damage ends in a report or a CoverageProfileError, never another error', () => {
    fc.assert(
      fc.property(
        fc.array(mutationArb, { minLength: 1, maxLength: 5 }),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        chunksArb,
        (mutations, cutAt, sizes) => {
          const lines = mutations.reduce(
            mutate,
            [modeLine, ...blockLines].map((l) => Buffer.from(l, 'utf8'))
          )
          let bytes = Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]))
          if (cutAt !== undefined) bytes = bytes.subarray(0, Math.floor(cutAt * bytes.length))
          const result = parseOrProfileError(chunk(bytes, sizes))
          if (!(result instanceof CoverageProfileError)) {
            expect(result.covered).toBeLessThanOrEqual(result.statements)
            expect(result.percentText).toMatch(/^\d{1,3}\.\d$/)
          }
        }
      ),
      { numRuns: 400 }
    )
  })

  test('a line that is not a block is an error on that line, never skipped', () => {
    const notBlock = fc
      .string({ minLength: 1, maxLength: 60 })
      .filter(
        (s) =>
          !s.includes('\n') &&
          !s.includes('\r') &&
          /[^ \t]/.test(s) &&
          !/:\d+\.\d+,\d+\.\d+ \d+ \d+$/.test(s) &&
          s.trim() !== modeLine
      )
    fc.assert(
      fc.property(notBlock, fc.nat(), (noise, at) => {
        const position = 1 + (at % blockLines.length)
        const lines = [modeLine, ...blockLines]
        lines.splice(position, 0, noise)
        const result = parseOrProfileError([text(lines)])
        expect(result).toBeInstanceOf(CoverageProfileError)
        expect((result as CoverageProfileError).line).toBe(position + 1)
      }),
      { numRuns: 200 }
    )
  })

  test('the same range with two statement counts is an error, not a merge', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 5 }), (at, delta) => {
        const m = BLOCK.exec(blockLines[at % blockLines.length]) as RegExpExecArray
        const conflicting = `${m[1]}:${m[2]}.${m[3]},${m[4]}.${m[5]} ${Number(m[6]) + delta} ${m[7]}`
        const result = parseOrProfileError([text([modeLine, ...blockLines, conflicting])])
        expect((result as CoverageProfileError).problem).toBe('numstmt-mismatch')
      }),
      { numRuns: 50 }
    )
  })

  test('a second mode line of another mode is an error', () => {
    const result = parseOrProfileError([
      text([modeLine, ...blockLines.slice(0, 3), 'mode: count', ...blockLines.slice(3)])
    ])
    expect((result as CoverageProfileError).problem).toBe('mixed-modes')
  })

  test('a profile without its mode line is an error', () => {
    const result = parseOrProfileError([text(blockLines)])
    expect((result as CoverageProfileError).problem).toBe('missing-mode')
  })
})

describe('coverage in the summary', () => {
  test('tens of thousands of packages keep the summary under 1 MiB', () => {
    const lines = ['mode: set']
    for (let p = 0; p < 30_000; p++)
      lines.push(`example.com/coverage-multi/p${p}/<b>${'`'}x${'`'}</b>/f.go:1.1,2.2 3 ${p % 2}`)
    const coverage = parse([text(lines)])
    expect(coverage.packages.length).toBe(30_000)
    for (const failed of [false, true]) {
      const report: RunReport = {
        result: failed ? 'failure' : 'success',
        stages: [
          {
            stage: 'unit',
            status: failed ? 'failed' : 'passed',
            durationMs: 1,
            failures: failed
              ? [
                  {
                    kind: 'coverage-below-threshold',
                    stage: 'unit',
                    severity: 'error',
                    title: 'Coverage is 50.0%, below 80%',
                    message: 'below'
                  }
                ]
              : [],
            notices: [],
            notes: [],
            coverage,
            coverageThreshold: failed ? 80 : 0
          }
        ],
        setupFailures: [],
        tests: { passed: 0, failed: 0, skipped: 0 },
        durationMs: 1,
        workingDirectory: '.'
      }
      if (failed) report.rootCause = report.stages[0].failures[0]
      expect(Buffer.byteLength(renderSummary(report), 'utf8')).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES)
    }
  })
})
