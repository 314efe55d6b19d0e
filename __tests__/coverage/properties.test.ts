import fc from 'fast-check'
import { CoverageProfileError } from '../../src/coverage/errors.js'
import { coveragePercent, formatCoveragePercent } from '../../src/coverage/percent.js'
import { CoverageProfileParser, parseCoverageLines } from '../../src/coverage/profile.js'
import { summarizeCoverage, summarizeProfile } from '../../src/coverage/summarize.js'
import type { CoverageBlock, CoverageMode, CoverageOptions } from '../../src/model/coverage.js'

const opts: CoverageOptions = {
  repoRoot: '/repo',
  modules: [{ path: 'example.com/m', dir: '/repo' }],
  exclude: []
}

const files = ['example.com/m/a.go', 'example.com/m/a/b.go', 'example.com/m/a/c.go', 'example.com/m/x/y/z.go']

/** Blocks whose statement count is a function of the range, so merging never conflicts. */
const blockArb: fc.Arbitrary<CoverageBlock> = fc
  .record({
    file: fc.constantFrom(...files),
    startLine: fc.integer({ min: 1, max: 30 }),
    startCol: fc.integer({ min: 1, max: 4 }),
    span: fc.integer({ min: 0, max: 2 }),
    endCol: fc.integer({ min: 1, max: 4 }),
    count: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }))
  })
  .map(({ file, startLine, startCol, span, endCol, count }) => ({
    file,
    startLine,
    startCol,
    endLine: startLine + span,
    endCol,
    numStmt: (startLine * 7 + startCol * 3 + span + endCol + file.length) % 5,
    count
  }))

const modeArb = fc.constantFrom<CoverageMode>('set', 'count', 'atomic')

function profileText(mode: CoverageMode, blocks: CoverageBlock[]): string {
  const lines = blocks.map(
    (b) =>
      `${b.file}:${b.startLine}.${b.startCol},${b.endLine}.${b.endCol} ${b.numStmt} ${mode === 'set' ? Math.min(b.count, 1) : b.count}`
  )
  return `mode: ${mode}\n${lines.join('\n')}\n`
}

/** Go's %.1f by exact arithmetic on the double's bits: round half to even of x * 10. */
function exactGoFormat(x: number): string {
  if (x === 0) return '0.0'
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x)
  const bits = view.getBigUint64(0)
  const exponentBits = Number((bits >> 52n) & 0x7ffn)
  const fraction = bits & ((1n << 52n) - 1n)
  const mantissa = exponentBits === 0 ? fraction : fraction | (1n << 52n)
  const exponent = (exponentBits === 0 ? 1 : exponentBits) - 1075
  let tenths: bigint
  if (exponent >= 0) {
    tenths = mantissa * 10n * (1n << BigInt(exponent))
  } else {
    const num = mantissa * 10n
    const den = 1n << BigInt(-exponent)
    const q = num / den
    const twice = 2n * (num - q * den)
    tenths = twice > den || (twice === den && q % 2n === 1n) ? q + 1n : q
  }
  return `${tenths / 10n}.${tenths % 10n}`
}

describe('properties', () => {
  it('totals are whole, never NaN, between 0 and 100, and weighted by statements', () => {
    fc.assert(
      fc.property(modeArb, fc.array(blockArb, { maxLength: 60 }), (mode, blocks) => {
        const report = summarizeCoverage({ mode, blocks }, opts)
        expect(Number.isNaN(report.percent)).toBe(false)
        expect(report.percent).toBeGreaterThanOrEqual(0)
        expect(report.percent).toBeLessThanOrEqual(100)
        expect(Number(report.percentText)).toBeGreaterThanOrEqual(0)
        expect(Number(report.percentText)).toBeLessThanOrEqual(100)
        expect(report.covered).toBeLessThanOrEqual(report.statements)
        expect(report.files.reduce((n, f) => n + f.statements, 0)).toBe(report.statements)
        expect(report.packages.reduce((n, p) => n + p.covered, 0)).toBe(report.covered)
        for (const p of report.packages) expect(p.percent).toBe(coveragePercent(p.covered, p.statements))
      })
    )
  })

  it('merging is independent of the order of the blocks', () => {
    fc.assert(
      fc.property(
        modeArb,
        fc
          .array(blockArb, { maxLength: 60 })
          .chain((blocks) =>
            fc.tuple(
              fc.constant(blocks),
              fc.shuffledSubarray(blocks, { minLength: blocks.length, maxLength: blocks.length })
            )
          ),
        (mode, [blocks, shuffled]) => {
          expect(summarizeCoverage({ mode, blocks: shuffled }, opts)).toEqual(
            summarizeCoverage({ mode, blocks }, opts)
          )
        }
      )
    )
  })

  it('repeating the blocks (one copy per test binary) leaves set-mode totals unchanged', () => {
    fc.assert(
      fc.property(fc.array(blockArb, { maxLength: 40 }), fc.integer({ min: 2, max: 4 }), (blocks, copies) => {
        const once = summarizeCoverage({ mode: 'set', blocks }, opts)
        const repeated = summarizeCoverage(
          { mode: 'set', blocks: Array.from({ length: copies }, () => blocks).flat() },
          opts
        )
        expect(repeated).toEqual(once)
      })
    )
  })

  it('a profile read as text equals the same blocks given as objects, however the text is chunked', async () => {
    await fc.assert(
      fc.asyncProperty(
        modeArb,
        fc.array(blockArb, { maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 10 }),
        async (mode, blocks, cuts) => {
          const text = profileText(mode, blocks)
          const parser = new CoverageProfileParser('p')
          const bytes = Buffer.from(text)
          for (let at = 0, i = 0; at < bytes.length; i++) {
            const size = cuts[i % cuts.length]
            parser.pushBytes(bytes.subarray(at, at + size))
            at += size
          }
          const fromText = summarizeProfile(parser.finish(), opts)
          const setBlocks =
            mode === 'set' ? blocks.map((b) => ({ ...b, count: Math.min(b.count, 1) })) : blocks
          expect(fromText).toEqual(summarizeCoverage({ mode, blocks: setBlocks, profile: 'p' }, opts))
        }
      )
    )
  })

  it('conflicting statement counts fail in any order', () => {
    fc.assert(
      fc.property(fc.array(blockArb, { maxLength: 20 }), fc.nat(), (blocks, seed) => {
        const twin = { ...blocks[0], numStmt: (blocks[0]?.numStmt ?? 0) + 1 }
        if (blocks.length === 0) return
        const withTwin = [...blocks]
        withTwin.splice(seed % (blocks.length + 1), 0, twin)
        expect(() => summarizeCoverage({ mode: 'count', blocks: withTwin }, opts)).toThrow(
          CoverageProfileError
        )
      })
    )
  })

  it('the parser throws nothing but CoverageProfileError on garbage', async () => {
    const validLine = blockArb.map(
      (b) => `${b.file}:${b.startLine}.${b.startCol},${b.endLine}.${b.endCol} ${b.numStmt} ${b.count}`
    )
    const mangled = fc
      .tuple(validLine, fc.nat(), fc.nat(), fc.string({ maxLength: 3 }))
      .map(([line, at, cut, insert]) => {
        const i = at % (line.length + 1)
        return line.slice(0, i) + insert + line.slice(i + (cut % 3))
      })
    const garbageLine = fc.oneof(
      validLine,
      mangled,
      fc.string({ maxLength: 80 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom(
        'mode: set',
        'mode: count',
        'mode: atomic',
        'mode:',
        'mode: x',
        '',
        ' ',
        '\r',
        ':1.1,1.1 1 1',
        'a.go:1.1,1.1 1 99999999999999999'
      )
    )
    await fc.assert(
      fc.asyncProperty(fc.array(garbageLine, { maxLength: 30 }), async (lines) => {
        try {
          const parsed = await parseCoverageLines(lines, 'g.out')
          summarizeProfile(parsed, { ...opts, modules: [{ path: 'example.com/m', dir: '/repo' }] })
        } catch (err) {
          expect(err).toBeInstanceOf(CoverageProfileError)
          expect((err as CoverageProfileError).message).toMatch(/^coverage profile g\.out line [1-9]\d*: /)
          expect((err as CoverageProfileError).line).toBeLessThanOrEqual(Math.max(lines.length, 1))
        }
        const parser = new CoverageProfileParser('g.out')
        try {
          parser.pushBytes(Buffer.from(lines.join('\n')))
          parser.finish()
        } catch (err) {
          expect(err).toBeInstanceOf(CoverageProfileError)
        }
      }),
      { numRuns: 500 }
    )
  })

  it('formats every percent as Go %.1f does (exact half-to-even on the double)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), fc.nat(), (total, k) => {
        const p = coveragePercent(k % (total + 1), total)
        expect(formatCoveragePercent(p)).toBe(exactGoFormat(p))
      }),
      { numRuns: 2000 }
    )
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), (p) => {
        expect(formatCoveragePercent(p)).toBe(exactGoFormat(p))
      }),
      { numRuns: 2000 }
    )
    for (let q = 0; q <= 400; q++) expect(formatCoveragePercent(q / 4)).toBe(exactGoFormat(q / 4))
  })
})
