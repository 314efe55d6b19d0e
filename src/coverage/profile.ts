// Streaming parser of Go coverage profiles (`go test -coverprofile`):
//
//   mode: set
//   example.com/m/pkg/file.go:12.34,15.2 3 1
//
// Blocks are merged as golang.org/x/tools/cover ParseProfiles merges them: one entry per
// identical start/end range; set mode ORs the counts, count and atomic add them; a range
// listed with two statement counts is an error. Go sorts each file's blocks by start and
// merges equal neighbours; keeping ranges unique as they arrive gives the same result in one
// pass (and also merges copies that Go's unstable sort could leave apart, which needs two
// ranges with one start: never seen in real profiles).
//
// Speed matters (a monorepo profile with -coverpkg runs to millions of lines), so:
// - bytes, not text: a line is parsed in place inside its chunk, digits folded on the way; no
//   string is made per line, only per new file;
// - the usual line (a block of the same file as the line before) is read forwards in one pass
//   that also finds its end: name compared 4 bytes at a time, then the six numbers. Anything
//   else goes the general way, backwards from the line's end as Go's parseLine does, and a new
//   name is first compared with the file that followed the current one last time (test
//   binaries list files in the same order);
// - blocks live in per-file Uint32Array segments cut from shared slabs, not an object each;
// - duplicates are found without a map in the usual shapes: a test binary lists a file's
//   blocks in increasing start order, and every further binary (-coverpkg) repeats the same
//   list, so a cursor walking the known blocks meets each copy in turn. Any other order falls
//   back to a map over the file's ranges.

import type { CoverageMode } from '../model/coverage.js'
import { CoverageProfileError, type CoverageProfileProblem } from './errors.js'

/** Longest profile line accepted; bufio.Scanner, which Go's own reader uses, stops at 64 KiB. */
export const MAX_PROFILE_LINE = 64 * 1024

/** Field offsets of a block inside `ProfileFile.data`; a block takes BLOCK_FIELDS numbers. */
export const START_LINE = 0
export const START_COL = 1
export const END_LINE = 2
export const END_COL = 3
export const NUM_STMT = 4
export const COUNT = 5
export const BLOCK_FIELDS = 6

/** The merged blocks of one file, in the order their ranges first appeared. */
export interface ProfileFile {
  /** As the profile names it: `example.com/m/pkg/file.go` (or an absolute path). */
  readonly name: string
  /** 1-based profile line where the file first appears; errors about the file point here. */
  readonly firstLine: number
  /** Number of merged blocks. */
  readonly size: number
  /**
   * Block i is data[offset + i * BLOCK_FIELDS + START_LINE ... COUNT]. `data` is shared by many
   * files: typed array segments instead of an object (or a view) per block or file.
   */
  readonly data: Uint32Array
  readonly offset: number
}

export interface ParsedProfile {
  /** The profile as the user knows it, used in messages. */
  readonly profile: string
  readonly mode: CoverageMode
  /** In order of first appearance. */
  readonly files: ProfileFile[]
}

interface FileAccumulator {
  readonly name: string
  /** The name as UTF-8 is nameBytes[nameAt, nameAt + nameLength), in an arena shared by many files. */
  readonly nameBytes: Uint8Array
  readonly nameAt: number
  readonly nameLength: number
  readonly firstLine: number
  size: number
  data: Uint32Array
  offset: number
  /** Blocks that fit at data[offset...] before the file must move. */
  capacity: number
  /** The arena as a DataView: names are compared 4 bytes at a time (a byte loop costs twice as much). */
  readonly nameView: DataView
  /** Index of the known block the next line is expected to repeat; = size when appending. */
  cursor: number
  /** Starts strictly increase along the blocks, so a block starting after the last is new. */
  increasing: boolean
  /** Built on first need: startLine * 2^21 + startCol → index of the block starting there. */
  byStart: Map<number, number> | undefined
  /** Ranges the numeric key cannot hold: huge numbers, or a second range with the same start. */
  byRange: Map<string, number> | undefined
  /** The file whose lines came right after this file's last time: the likely next one. */
  next: FileAccumulator | undefined
  /** The next file whose name has the same hash. */
  sameHash: FileAccumulator | undefined
}

const INITIAL_BLOCKS = 8
const SLAB_NUMBERS = 1 << 19
const NAME_ARENA_BYTES = 1 << 18

// startCol below 2^21 and startLine below 2^31 keep the numeric key exact (< 2^52).
const COL_SPAN = 2 ** 21
const LINE_LIMIT = 2 ** 31
// Numbers longer than this lose precision as doubles; no real profile gets near it.
const MAX_DIGITS = 15
// Blocks are stored as uint32, as Go's counters are. Positions and statement counts above it
// are an error; merged counts stop there (only count > 0 matters for coverage).
const MAX_NUMBER = 0xffffffff
// The fast path takes up to 9 digits, always below MAX_NUMBER; longer numbers take the slow one.
const FAST_DIGITS = 9

const MODE_PREFIX = 'mode: '
const CH_0 = 48
const CH_9 = 57
const CH_SPACE = 32
const CH_DOT = 46
const CH_COMMA = 44
const CH_COLON = 58
const CH_CR = 13
const CH_TAB = 9
const CH_M = 109
const CH_NL = 10
const MODE_BYTES = Buffer.from('mode:')

const BLOCK_FORMAT = 'expected "path/file.go:startLine.startCol,endLine.endCol numStmt count"'

/**
 * Folds profile lines into merged per-file blocks. Feed it whole lines (`pushLine`) or
 * text chunks split anywhere (`pushText`), then call `finish`. Throws CoverageProfileError.
 */
export class CoverageProfileParser {
  private mode: CoverageMode | undefined
  private lineNo = 0
  /** In order of first appearance. */
  private readonly files: FileAccumulator[] = []
  /** Hash of the name bytes → a file with that hash (the rest chained by sameHash). */
  private readonly byHash = new Map<number, FileAccumulator>()
  private current: FileAccumulator | undefined
  /** The start of a line split over chunks (a copy, so no chunk stays alive). */
  private carry: Buffer | undefined
  private slab = new Uint32Array(0)
  private slabUsed = 0
  private names = new Uint8Array(0)
  private namesView = new DataView(this.names.buffer)
  private namesUsed = 0

  // Scratch outputs of scanNumber, so a field costs no allocation.
  private value = 0
  private pos = 0

  constructor(readonly profile: string) {}

  /** Bytes of UTF-8 text split anywhere; lines end at `\n` (a `\r` before it is dropped). */
  pushBytes(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
    let start = 0
    let newline: number
    if (this.carry !== undefined) {
      newline = buf.indexOf(CH_NL)
      if (newline < 0) {
        this.carry = Buffer.concat([this.carry, buf])
        this.checkCarry()
        return
      }
      const line = Buffer.concat([this.carry, buf.subarray(0, newline)])
      this.carry = undefined
      this.readLine(line, 0, line.length)
      start = newline + 1
    }
    const length = buf.length
    while (start < length) {
      const next = this.readUsualLine(buf, view, start, length)
      if (next >= 0) {
        start = next
        continue
      }
      newline = buf.indexOf(CH_NL, start)
      if (newline < 0) break
      this.readLine(buf, start, newline)
      start = newline + 1
    }
    if (start < buf.length) {
      this.carry = Buffer.from(buf.subarray(start))
      this.checkCarry()
    }
  }

  /** Text split anywhere; lines end at `\n`. */
  pushText(text: string): void {
    this.pushBytes(Buffer.from(text, 'utf8'))
  }

  /** One line, without its `\n`. */
  pushLine(line: string): void {
    const bytes = Buffer.from(line, 'utf8')
    this.readLine(bytes, 0, bytes.length)
  }

  /** Ends the input: a last line without `\n` is read now. Returns the merged profile. */
  finish(): ParsedProfile {
    if (this.carry !== undefined) {
      const last = this.carry
      this.carry = undefined
      this.readLine(last, 0, last.length)
    }
    if (this.mode === undefined) {
      this.lineNo = Math.max(this.lineNo, 1)
      this.fail(
        'missing-mode',
        'the profile is empty; expected a first line "mode: set", "mode: count" or "mode: atomic"'
      )
    }
    const files: ProfileFile[] = []
    for (const { name, firstLine, size, data, offset } of this.files) {
      files.push({ name, firstLine, size, data, offset })
    }
    return { profile: this.profile, mode: this.mode, files }
  }

  /** Sets the mode as a `mode:` line would, on profile line `line` (the next when omitted). */
  setMode(mode: CoverageMode, line?: number): void {
    this.lineNo = line ?? this.lineNo + 1
    this.readMode(MODE_PREFIX + mode)
  }

  /**
   * Adds one block as if it were on profile line `line` (the next line when omitted).
   * `summarizeCoverage` uses it for blocks that never were text.
   */
  addBlock(
    file: string,
    startLine: number,
    startCol: number,
    endLine: number,
    endCol: number,
    numStmt: number,
    count: number,
    line?: number
  ): void {
    this.lineNo = line ?? this.lineNo + 1
    if (this.mode === undefined) this.fail('missing-mode', 'a block before the "mode:" line')
    if (file.length === 0) this.fail('malformed-line', 'the file name is empty')
    const fields = { startLine, startCol, endLine, endCol, numStmt, count }
    for (const [what, value] of Object.entries(fields)) {
      if (!Number.isSafeInteger(value) || value < 0 || (what !== 'count' && value > MAX_NUMBER)) {
        this.fail(
          'malformed-line',
          `${what} of ${file} is ${value}; expected a whole number from 0 to ${MAX_NUMBER}`
        )
      }
    }
    let acc = this.current
    if (acc === undefined || acc.name !== file) {
      const bytes = Buffer.from(file, 'utf8')
      acc = this.enterFile(bytes, 0, bytes.length, file)
    }
    this.merge(acc, startLine, startCol, endLine, endCol, numStmt, count)
  }

  private checkCarry(): void {
    if (this.carry !== undefined && this.carry.length > MAX_PROFILE_LINE + 1) {
      this.lineNo++
      this.fail('malformed-line', `line is longer than ${MAX_PROFILE_LINE} bytes`)
    }
  }

  /**
   * The fast path for the usual line: a block of the current file, read forwards in one pass
   * that also finds the line end. Returns the index after the line's `\n`, or -1 to let
   * readLine take it (another file, a mode line, an error, or no `\n` in this chunk).
   * For a line it accepts, readLine's backward parse gives the same name and numbers.
   */
  private readUsualLine(buf: Buffer, view: DataView, start: number, limit: number): number {
    const acc = this.current
    if (acc === undefined) return -1
    const nameLength = acc.nameLength
    let i = start + nameLength
    if (i >= limit || buf[i] !== CH_COLON) return -1
    const nameView = acc.nameView
    const nameAt = acc.nameAt
    let k = 0
    for (; k + 4 <= nameLength; k += 4) {
      if (nameView.getUint32(nameAt + k) !== view.getUint32(start + k)) return -1
    }
    for (; k < nameLength; k++) {
      if (nameView.getUint8(nameAt + k) !== buf[start + k]) return -1
    }

    let from = i + 1
    let startLine = 0
    for (i = from; i < limit; i++) {
      const c = buf[i]
      if (c < CH_0 || c > CH_9) break
      startLine = startLine * 10 + c - CH_0
    }
    if (i === from || i - from > FAST_DIGITS || i >= limit || buf[i] !== CH_DOT) return -1
    from = i + 1
    let startCol = 0
    for (i = from; i < limit; i++) {
      const c = buf[i]
      if (c < CH_0 || c > CH_9) break
      startCol = startCol * 10 + c - CH_0
    }
    if (i === from || i - from > FAST_DIGITS || i >= limit || buf[i] !== CH_COMMA) return -1
    from = i + 1
    let endLine = 0
    for (i = from; i < limit; i++) {
      const c = buf[i]
      if (c < CH_0 || c > CH_9) break
      endLine = endLine * 10 + c - CH_0
    }
    if (i === from || i - from > FAST_DIGITS || i >= limit || buf[i] !== CH_DOT) return -1
    from = i + 1
    let endCol = 0
    for (i = from; i < limit; i++) {
      const c = buf[i]
      if (c < CH_0 || c > CH_9) break
      endCol = endCol * 10 + c - CH_0
    }
    if (i === from || i - from > FAST_DIGITS || i >= limit || buf[i] !== CH_SPACE) return -1
    from = i + 1
    let numStmt = 0
    for (i = from; i < limit; i++) {
      const c = buf[i]
      if (c < CH_0 || c > CH_9) break
      numStmt = numStmt * 10 + c - CH_0
    }
    if (i === from || i - from > FAST_DIGITS || i >= limit || buf[i] !== CH_SPACE) return -1
    from = i + 1
    let count = 0
    for (i = from; i < limit; i++) {
      const c = buf[i]
      if (c < CH_0 || c > CH_9) break
      count = count * 10 + c - CH_0
    }
    if (i === from || i - from > FAST_DIGITS || i >= limit) return -1
    if (buf[i] === CH_CR) i++
    if (i >= limit || buf[i] !== CH_NL) return -1

    this.lineNo++
    this.merge(acc, startLine, startCol, endLine, endCol, numStmt, count)
    return i + 1
  }

  /** The line is buf[start, end). */
  private readLine(buf: Buffer, start: number, end: number): void {
    this.lineNo++
    if (end > start && buf[end - 1] === CH_CR) end--
    if (end - start > MAX_PROFILE_LINE)
      this.fail('malformed-line', `line is longer than ${MAX_PROFILE_LINE} bytes`)
    if (isBlank(buf, start, end)) return // blank lines carry nothing; tolerate them
    if (this.mode === undefined || (buf[start] === CH_M && startsWithBytes(buf, start, end, MODE_BYTES))) {
      this.readMode(buf.toString('utf8', start, end))
      return
    }

    // Backwards, as in Go's parseLine: count, numStmt, endCol, endLine, startCol, startLine.
    this.pos = end
    this.scanNumber(buf, start, end, CH_SPACE, 'count')
    const count = this.value
    this.scanNumber(buf, start, end, CH_SPACE, 'number of statements')
    const numStmt = this.value
    this.scanNumber(buf, start, end, CH_DOT, 'end column')
    const endCol = this.value
    this.scanNumber(buf, start, end, CH_COMMA, 'end line')
    const endLine = this.value
    this.scanNumber(buf, start, end, CH_DOT, 'start column')
    const startCol = this.value
    this.scanNumber(buf, start, end, CH_COLON, 'start line')
    const startLine = this.value
    const nameEnd = this.pos
    if (nameEnd === start) this.malformed(buf, start, end, 'the file name is empty')
    if (Math.max(startLine, startCol, endLine, endCol, numStmt) > MAX_NUMBER) {
      this.malformed(buf, start, end, `a position or statement count is above ${MAX_NUMBER}`)
    }

    let acc = this.current
    if (acc === undefined || !sameName(acc, buf, start, nameEnd)) {
      const predicted = acc?.next
      if (predicted !== undefined && sameName(predicted, buf, start, nameEnd)) {
        predicted.cursor = 0 // back in a known file: most likely the next binary's copy of its list
        this.current = acc = predicted
      } else {
        const previous = acc
        acc = this.enterFile(buf, start, nameEnd)
        if (previous !== undefined) previous.next = acc
      }
    }
    this.merge(acc, startLine, startCol, endLine, endCol, numStmt, count)
  }

  private readMode(line: string): void {
    const mode = line.startsWith(MODE_PREFIX) ? line.slice(MODE_PREFIX.length).trim() : undefined
    if (mode !== 'set' && mode !== 'count' && mode !== 'atomic') {
      if (this.mode === undefined) {
        this.fail(
          'missing-mode',
          `expected a first line "mode: set", "mode: count" or "mode: atomic", found ${quote(line)}`
        )
      }
      this.fail('malformed-line', `unknown mode line ${quote(line)}; expected "mode: ${this.mode}"`)
    }
    if (this.mode === undefined) {
      this.mode = mode
      return
    }
    // Concatenated profiles repeat the mode line; only a different mode is a problem.
    if (mode !== this.mode) {
      this.fail(
        'mixed-modes',
        `mode "${mode}" differs from "${this.mode}" set earlier; profiles of different -covermode cannot be merged`
      )
    }
  }

  /** Reads the digits before this.pos into this.value, then steps over `sep` before them. */
  private scanNumber(buf: Buffer, start: number, end: number, sep: number, what: string): void {
    const last = this.pos
    let i = last - 1
    let value = 0
    let place = 1
    while (i >= start) {
      const c = buf[i]
      if (c < CH_0 || c > CH_9) break
      value += (c - CH_0) * place
      place *= 10
      i--
    }
    const digits = last - 1 - i
    if (digits === 0 || i < start || buf[i] !== sep) {
      const why =
        i < start
          ? `the line ends before the ${what}`
          : digits === 0
            ? `the ${what} is not a whole number`
            : `expected ${quote(String.fromCharCode(sep))} before the ${what}`
      this.malformed(buf, start, end, why)
    }
    if (digits > MAX_DIGITS) this.malformed(buf, start, end, `the ${what} has more than ${MAX_DIGITS} digits`)
    this.value = value
    this.pos = i
  }

  /** Enters the file by name, creating it on first sight; re-entering rewinds its cursor. */
  private enterFile(bytes: Buffer, start: number, end: number, name?: string): FileAccumulator {
    // Looked up by the bytes: no string is made for a file already known (a Map keyed by
    // fresh strings hashes each one and was a tenth of the time on a 40,000-file profile).
    const hash = hashBytes(bytes, start, end)
    const first = this.byHash.get(hash)
    let acc = first
    while (acc !== undefined && !sameName(acc, bytes, start, end)) acc = acc.sameHash
    if (acc === undefined) {
      const nameLength = end - start
      if (this.namesUsed + nameLength > this.names.length) {
        this.names = new Uint8Array(Math.max(NAME_ARENA_BYTES, nameLength))
        this.namesView = new DataView(this.names.buffer)
        this.namesUsed = 0
      }
      const nameAt = this.namesUsed
      for (let i = 0; i < nameLength; i++) this.names[nameAt + i] = bytes[start + i]
      this.namesUsed += nameLength
      acc = {
        name: name ?? bytes.toString('utf8', start, end),
        nameBytes: this.names,
        nameAt,
        nameLength,
        nameView: this.namesView,
        firstLine: this.lineNo,
        size: 0,
        data: this.slab,
        offset: 0,
        capacity: 0,
        cursor: 0,
        increasing: true,
        byStart: undefined,
        byRange: undefined,
        next: undefined,
        sameHash: first
      }
      this.byHash.set(hash, acc)
      this.files.push(acc)
      this.place(acc, INITIAL_BLOCKS)
    } else {
      acc.cursor = 0
    }
    this.current = acc
    return acc
  }

  /** Moves the file's blocks to a segment with room for `capacity` blocks. */
  private place(acc: FileAccumulator, capacity: number): void {
    const numbers = capacity * BLOCK_FIELDS
    let data: Uint32Array
    let offset = 0
    if (numbers > SLAB_NUMBERS / 8) {
      data = new Uint32Array(numbers) // a big file gets its own array
    } else {
      if (this.slabUsed + numbers > this.slab.length) {
        this.slab = new Uint32Array(SLAB_NUMBERS)
        this.slabUsed = 0
      }
      data = this.slab
      offset = this.slabUsed
      this.slabUsed += numbers
    }
    if (acc.size > 0) data.set(acc.data.subarray(acc.offset, acc.offset + acc.size * BLOCK_FIELDS), offset)
    acc.data = data
    acc.offset = offset
    acc.capacity = capacity
  }

  private merge(
    acc: FileAccumulator,
    startLine: number,
    startCol: number,
    endLine: number,
    endCol: number,
    numStmt: number,
    count: number
  ): void {
    const n = acc.size
    const data = acc.data
    let index = acc.cursor
    let at = acc.offset + index * BLOCK_FIELDS
    if (
      index < n &&
      data[at + START_LINE] === startLine &&
      data[at + START_COL] === startCol &&
      data[at + END_LINE] === endLine &&
      data[at + END_COL] === endCol
    ) {
      acc.cursor = index + 1
      this.combine(acc, index, numStmt, count)
      return
    }
    if (acc.increasing) {
      at = acc.offset + (n - 1) * BLOCK_FIELDS
      if (
        n === 0 ||
        startLine > data[at + START_LINE] ||
        (startLine === data[at + START_LINE] && startCol > data[at + START_COL])
      ) {
        // Starts after every known block, so it cannot repeat one.
        this.append(acc, startLine, startCol, endLine, endCol, numStmt, count)
        return
      }
      acc.increasing = false
      indexFile(acc)
    }
    index = findRange(acc, startLine, startCol, endLine, endCol)
    if (index < 0) {
      this.append(acc, startLine, startCol, endLine, endCol, numStmt, count)
      return
    }
    acc.cursor = index + 1
    this.combine(acc, index, numStmt, count)
  }

  private append(
    acc: FileAccumulator,
    startLine: number,
    startCol: number,
    endLine: number,
    endCol: number,
    numStmt: number,
    count: number
  ): void {
    const index = acc.size
    if (index === acc.capacity) this.place(acc, acc.capacity * 2)
    const data = acc.data
    const at = acc.offset + index * BLOCK_FIELDS
    data[at + START_LINE] = startLine
    data[at + START_COL] = startCol
    data[at + END_LINE] = endLine
    data[at + END_COL] = endCol
    data[at + NUM_STMT] = numStmt
    data[at + COUNT] = Math.min(count, MAX_NUMBER)
    acc.size = index + 1
    acc.cursor = index + 1
    if (!acc.increasing) indexBlock(acc, index)
  }

  private combine(acc: FileAccumulator, index: number, numStmt: number, count: number): void {
    const data = acc.data
    const at = acc.offset + index * BLOCK_FIELDS
    if (data[at + NUM_STMT] !== numStmt) {
      this.fail(
        'numstmt-mismatch',
        `block ${acc.name}:${data[at + START_LINE]}.${data[at + START_COL]},${data[at + END_LINE]}.${data[at + END_COL]} ` +
          `has ${numStmt} statements here but ${data[at + NUM_STMT]} earlier; ` +
          'the profiles come from different versions of the source'
      )
    }
    // -coverpkg lists a block once per test binary: set ORs, count and atomic add.
    if (this.mode === 'set') data[at + COUNT] = data[at + COUNT] > 0 || count > 0 ? 1 : 0
    else data[at + COUNT] = Math.min(data[at + COUNT] + count, MAX_NUMBER)
  }

  private malformed(buf: Buffer, start: number, end: number, why: string): never {
    this.fail('malformed-line', `${why}; ${BLOCK_FORMAT}, found ${quote(buf.toString('utf8', start, end))}`)
  }

  private fail(problem: CoverageProfileProblem, detail: string): never {
    throw new CoverageProfileError(this.profile, this.lineNo, problem, detail)
  }
}

/** Parses a profile given one line per item (no `\n`), e.g. from readline. */
export async function parseCoverageLines(
  lines: Iterable<string> | AsyncIterable<string>,
  profile: string
): Promise<ParsedProfile> {
  const parser = new CoverageProfileParser(profile)
  for await (const line of lines) parser.pushLine(line)
  return parser.finish()
}

/** Parses a profile from text or byte chunks split anywhere, e.g. a Node Readable. */
export async function parseCoverageStream(
  chunks: AsyncIterable<string | Uint8Array>,
  profile: string
): Promise<ParsedProfile> {
  const parser = new CoverageProfileParser(profile)
  for await (const chunk of chunks) {
    if (typeof chunk === 'string') parser.pushText(chunk)
    else parser.pushBytes(chunk)
  }
  return parser.finish()
}

function rangeKey(startLine: number, startCol: number, endLine: number, endCol: number): string {
  return `${startLine}.${startCol},${endLine}.${endCol}`
}

function indexFile(acc: FileAccumulator): void {
  acc.byStart = new Map()
  for (let i = 0; i < acc.size; i++) indexBlock(acc, i)
}

function indexBlock(acc: FileAccumulator, index: number): void {
  const at = acc.offset + index * BLOCK_FIELDS
  const startLine = acc.data[at + START_LINE]
  const startCol = acc.data[at + START_COL]
  if (startCol < COL_SPAN && startLine < LINE_LIMIT) {
    if (acc.byStart === undefined) acc.byStart = new Map()
    const byStart = acc.byStart
    const key = startLine * COL_SPAN + startCol
    if (!byStart.has(key)) {
      byStart.set(key, index)
      return
    }
  }
  const key = rangeKey(startLine, startCol, acc.data[at + END_LINE], acc.data[at + END_COL])
  if (acc.byRange === undefined) acc.byRange = new Map()
  acc.byRange.set(key, index)
}

/** Index of the block with exactly this range, or -1. */
function findRange(
  acc: FileAccumulator,
  startLine: number,
  startCol: number,
  endLine: number,
  endCol: number
): number {
  if (startCol < COL_SPAN && startLine < LINE_LIMIT) {
    const index = acc.byStart?.get(startLine * COL_SPAN + startCol)
    if (index === undefined) return -1 // the first range with a start always holds the numeric key
    const at = acc.offset + index * BLOCK_FIELDS
    if (acc.data[at + END_LINE] === endLine && acc.data[at + END_COL] === endCol) return index
  }
  return acc.byRange?.get(rangeKey(startLine, startCol, endLine, endCol)) ?? -1
}

/** FNV-1a over the bytes, kept to 30 bits so the Map key stays a small integer. */
function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ buf[i], 0x01000193)
  return hash & 0x3fffffff
}

function sameName(acc: FileAccumulator, buf: Uint8Array, start: number, end: number): boolean {
  const length = acc.nameLength
  if (length !== end - start) return false
  const name = acc.nameBytes
  const at = acc.nameAt
  // From the end: names of one module share long prefixes and differ near the end.
  for (let i = length - 1; i >= 0; i--) if (name[at + i] !== buf[start + i]) return false
  return true
}

function startsWithBytes(buf: Buffer, start: number, end: number, prefix: Uint8Array): boolean {
  if (end - start < prefix.length) return false
  for (let i = 0; i < prefix.length; i++) if (buf[start + i] !== prefix[i]) return false
  return true
}

function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i]
    if (c !== CH_SPACE && c !== CH_TAB) return false
  }
  return true
}

function quote(text: string): string {
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text)
}
