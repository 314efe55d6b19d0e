import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { CoverageProfileError } from '../../src/coverage/errors.js'
import {
  BLOCK_FIELDS,
  COUNT,
  CoverageProfileParser,
  END_COL,
  END_LINE,
  NUM_STMT,
  type ParsedProfile,
  parseCoverageLines,
  parseCoverageStream,
  START_COL,
  START_LINE
} from '../../src/coverage/profile.js'
import { readCoverageProfile } from '../../src/coverage/read.js'

/** The blocks of a parsed profile as `file:range numStmt count` lines, like the profile itself. */
function blockLines(parsed: ParsedProfile): string[] {
  const out: string[] = []
  for (const f of parsed.files) {
    for (let i = 0; i < f.size; i++) {
      const at = f.offset + i * BLOCK_FIELDS
      const d = f.data
      out.push(
        `${f.name}:${d[at + START_LINE]}.${d[at + START_COL]},${d[at + END_LINE]}.${d[at + END_COL]} ${d[at + NUM_STMT]} ${d[at + COUNT]}`
      )
    }
  }
  return out
}

async function parse(text: string, profile = 'cover.out'): Promise<ParsedProfile> {
  return parseCoverageLines(text.split('\n'), profile)
}

async function parseError(text: string, profile = 'cover.out'): Promise<CoverageProfileError> {
  try {
    await parse(text, profile)
  } catch (err) {
    if (err instanceof CoverageProfileError) return err
    throw err
  }
  throw new Error('expected a CoverageProfileError')
}

describe('parsing', () => {
  it('reads the mode and the blocks of each file', async () => {
    const parsed = await parse(
      [
        'mode: count',
        'example.com/m/a.go:3.14,5.2 2 7',
        'example.com/m/a.go:7.1,7.20 1 0',
        'example.com/m/b/b.go:10.5,12.3 3 1'
      ].join('\n')
    )
    expect(parsed.mode).toBe('count')
    expect(parsed.files.map((f) => [f.name, f.firstLine])).toEqual([
      ['example.com/m/a.go', 2],
      ['example.com/m/b/b.go', 4]
    ])
    expect(blockLines(parsed)).toEqual([
      'example.com/m/a.go:3.14,5.2 2 7',
      'example.com/m/a.go:7.1,7.20 1 0',
      'example.com/m/b/b.go:10.5,12.3 3 1'
    ])
  })

  it('accepts CRLF line ends, blank lines and a last line without a newline', async () => {
    const parsed = await parseCoverageStream(
      Readable.from([
        Buffer.from('mode: set\r\n\r\nexample.com/m/a.go:1.1,2.2 1 1\r\nexample.com/m/a.go:3.1,4.2 1 0')
      ]),
      'cover.out'
    )
    expect(blockLines(parsed)).toEqual(['example.com/m/a.go:1.1,2.2 1 1', 'example.com/m/a.go:3.1,4.2 1 0'])
  })

  it('reads the same profile whatever the chunk boundaries, including inside a UTF-8 character', async () => {
    const text = [
      'mode: atomic',
      'example.com/m/ünï/a.go:1.1,2.2 1 4',
      'example.com/m/ünï/a.go:3.1,4.2 2 0',
      'example.com/m/b.go:1.1,2.2 1 1',
      'example.com/m/ünï/a.go:1.1,2.2 1 5',
      ''
    ].join('\n')
    const whole = blockLines(await parseCoverageStream(Readable.from([Buffer.from(text)]), 'p'))
    const bytes = Buffer.from(text)
    for (let size = 1; size <= 17; size++) {
      const chunks: Buffer[] = []
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size))
      expect(blockLines(await parseCoverageStream(Readable.from(chunks), 'p'))).toEqual(whole)
    }
    expect(whole).toEqual([
      'example.com/m/ünï/a.go:1.1,2.2 1 9',
      'example.com/m/ünï/a.go:3.1,4.2 2 0',
      'example.com/m/b.go:1.1,2.2 1 1'
    ])
  })

  it('reads long numbers; counts past uint32 (as Go counters are) stop there, positions are an error', async () => {
    const parsed = await parse(
      [
        'mode: count',
        'example.com/m/a.go:1234567890.1,1234567891.2 1 4294967295',
        'example.com/m/a.go:1234567890.1,1234567891.2 1 4294967295',
        'example.com/m/a.go:3.1,4.2 0000000002 000000000000007'
      ].join('\n')
    )
    expect(blockLines(parsed)).toEqual([
      'example.com/m/a.go:1234567890.1,1234567891.2 1 4294967295',
      'example.com/m/a.go:3.1,4.2 2 7'
    ])
    const err = await parseError('mode: set\nexample.com/m/a.go:4294967296.1,2.2 1 1')
    expect(err.message).toMatch(
      /^coverage profile cover\.out line 2: a position or statement count is above 4294967295/
    )
    expect((await parseError('mode: set\nexample.com/m/a.go:1.1,2.2 1 1234567890123456')).message).toContain(
      'the count has more than 15 digits'
    )
  })

  it('keeps file names with colons and spaces whole, as Go reads lines from the end', async () => {
    const parsed = await parse('mode: set\nC:/work/my repo/x.go:1.2,3.4 1 1')
    expect(parsed.files[0].name).toBe('C:/work/my repo/x.go')
  })
})

describe('merging duplicate blocks (-coverpkg lists a block once per test binary)', () => {
  const binaryA = [
    'example.com/m/a.go:1.10,3.2 2 0',
    'example.com/m/a.go:3.2,5.3 1 1',
    'example.com/m/a.go:6.1,8.2 4 0'
  ]
  const binaryB = [
    'example.com/m/a.go:1.10,3.2 2 3',
    'example.com/m/a.go:3.2,5.3 1 0',
    'example.com/m/a.go:6.1,8.2 4 0'
  ]

  it('set mode ORs the counts', async () => {
    const parsed = await parse(
      [
        'mode: set',
        ...binaryA.map((l) => l.replace(/ 3$/, ' 1')),
        ...binaryB.map((l) => l.replace(/ 3$/, ' 1'))
      ].join('\n')
    )
    expect(blockLines(parsed)).toEqual([
      'example.com/m/a.go:1.10,3.2 2 1',
      'example.com/m/a.go:3.2,5.3 1 1',
      'example.com/m/a.go:6.1,8.2 4 0'
    ])
  })

  it.each(['count', 'atomic'])('%s mode adds the counts', async (mode) => {
    const parsed = await parse([`mode: ${mode}`, ...binaryA, ...binaryB].join('\n'))
    expect(blockLines(parsed)).toEqual([
      'example.com/m/a.go:1.10,3.2 2 3',
      'example.com/m/a.go:3.2,5.3 1 1',
      'example.com/m/a.go:6.1,8.2 4 0'
    ])
  })

  it('merges duplicates in any order, and keeps ranges that share only their start apart', async () => {
    const parsed = await parse(
      [
        'mode: count',
        'example.com/m/a.go:6.1,8.2 4 1',
        'example.com/m/a.go:1.10,3.2 2 1',
        'example.com/m/b.go:1.1,1.5 1 1',
        'example.com/m/a.go:1.10,3.2 2 1',
        'example.com/m/a.go:1.10,4.1 1 0',
        'example.com/m/a.go:6.1,8.2 4 1',
        'example.com/m/a.go:1.10,4.1 1 5'
      ].join('\n')
    )
    expect(blockLines(parsed)).toEqual([
      'example.com/m/a.go:6.1,8.2 4 2',
      'example.com/m/a.go:1.10,3.2 2 2',
      'example.com/m/a.go:1.10,4.1 1 5',
      'example.com/m/b.go:1.1,1.5 1 1'
    ])
  })

  it('accepts the same mode line again, as concatenated profiles have it', async () => {
    const parsed = await parse(['mode: set', binaryA[0], 'mode: set', binaryB[0]].join('\n'))
    expect(parsed.mode).toBe('set')
    expect(blockLines(parsed)).toEqual(['example.com/m/a.go:1.10,3.2 2 1'])
  })
})

describe('bad profiles name the profile and the 1-based line', () => {
  it('a truncated block line', async () => {
    const err = await parseError(
      ['mode: set', 'example.com/m/a.go:1.1,2.2 1 1', 'example.com/m/a.go:3.1,4'].join('\n')
    )
    expect(err.problem).toBe('malformed-line')
    expect(err.line).toBe(3)
    expect(err.file).toBe('cover.out')
    expect(err.message).toMatch(/^coverage profile cover\.out line 3: /)
    expect(err.message).toContain('"example.com/m/a.go:3.1,4"')
  })

  it('a line that is not a block', async () => {
    const err = await parseError('mode: set\nok  \texample.com/m\t0.01s')
    expect(err.message).toMatch(
      /^coverage profile cover\.out line 2: .*expected "path\/file\.go:startLine\.startCol,endLine\.endCol numStmt count"/
    )
  })

  it('a negative or non-numeric count', async () => {
    expect((await parseError('mode: set\nexample.com/m/a.go:1.1,2.2 1 -1')).line).toBe(2)
    expect((await parseError('mode: set\nexample.com/m/a.go:1.1,2.2 1 x')).problem).toBe('malformed-line')
  })

  it('an empty file name', async () => {
    const err = await parseError('mode: set\n:1.1,2.2 1 1')
    expect(err.message).toBe(
      'coverage profile cover.out line 2: the file name is empty; ' +
        'expected "path/file.go:startLine.startCol,endLine.endCol numStmt count", found ":1.1,2.2 1 1"'
    )
  })

  it('a missing or unknown mode line', async () => {
    const missing = await parseError('example.com/m/a.go:1.1,2.2 1 1')
    expect(missing.problem).toBe('missing-mode')
    expect(missing.message).toMatch(/^coverage profile cover\.out line 1: expected a first line "mode: set"/)
    expect((await parseError('mode: sometimes')).problem).toBe('missing-mode')
    const empty = await parseError('')
    expect(empty.message).toBe(
      'coverage profile cover.out line 1: the profile is empty; expected a first line "mode: set", "mode: count" or "mode: atomic"'
    )
  })

  it('mixed modes', async () => {
    const err = await parseError(
      ['mode: set', 'example.com/m/a.go:1.1,2.2 1 1', 'mode: count', 'example.com/m/a.go:1.1,2.2 1 4'].join(
        '\n'
      )
    )
    expect(err.problem).toBe('mixed-modes')
    expect(err.message).toBe(
      'coverage profile cover.out line 3: mode "count" differs from "set" set earlier; ' +
        'profiles of different -covermode cannot be merged'
    )
  })

  it('a NumStmt mismatch for the same range', async () => {
    const err = await parseError(
      [
        'mode: set',
        'example.com/m/a.go:1.1,2.2 1 1',
        'example.com/m/b.go:1.1,2.2 1 1',
        'example.com/m/a.go:1.1,2.2 3 0'
      ].join('\n')
    )
    expect(err.problem).toBe('numstmt-mismatch')
    expect(err.message).toBe(
      'coverage profile cover.out line 4: block example.com/m/a.go:1.1,2.2 has 3 statements here but 1 earlier; ' +
        'the profiles come from different versions of the source'
    )
  })

  it('a line longer than Go itself reads', async () => {
    const err = await parseError(`mode: set\n${'x'.repeat(70_000)}.go:1.1,2.2 1 1`)
    expect(err.line).toBe(2)
    expect(err.message).toContain('longer than 65536 bytes')
  })

  it('from a file: the message names the file as the user knows it', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'coverage-profile-'))
    try {
      const file = path.join(root, 'out', 'cover.out')
      const lines = [
        'mode: atomic',
        ...Array.from({ length: 15 }, (_, i) => `example.com/m/a.go:${i + 1}.1,${i + 1}.9 1 1`)
      ]
      lines.push('example.com/m/a.go:99.1,99') // line 17
      mkdirSync(path.dirname(file), { recursive: true })
      writeFileSync(file, `${lines.join('\n')}\n`)
      const opts = { repoRoot: root, modules: [{ path: 'example.com/m', dir: root }], exclude: [] }
      await expect(readCoverageProfile(file, opts)).rejects.toThrow(
        /^coverage profile out\/cover\.out line 17: /
      )
      await expect(readCoverageProfile(path.join(root, 'missing.out'), opts)).rejects.toMatchObject({
        code: 'ENOENT'
      })
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('CoverageProfileParser.addBlock', () => {
  it('rejects numbers that are not whole and non-negative', () => {
    const parser = new CoverageProfileParser('blocks')
    parser.setMode('set', 1)
    expect(() => parser.addBlock('example.com/m/a.go', 1, 1, 2, 1.5, 1, 1)).toThrow(
      'coverage profile blocks line 2: endCol of example.com/m/a.go is 1.5; expected a whole number from 0 to 4294967295'
    )
  })
})
