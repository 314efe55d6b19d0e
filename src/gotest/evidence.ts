// Reads the output of one test (or a package's own output) line by line and
// picks out the evidence of a failure: assertion lines, panics, timeouts, races,
// example mismatches. It keeps only those sections, never the whole output.
// Evidence alone decides nothing: whether it counts is the collector's rule.
import { type Frame, type Goroutine, goroutineState, parseFrames } from './stack.js'

export interface AssertionEvidence {
  type: 'assertion'
  /** File as Go printed it: a base name, or a path with -fullpath. */
  file: string
  line: number
  lines: string[]
  /** True when Go 1.27's OutputType marked it as a t.Error/t.Fatal line. */
  marked: boolean
}
export interface PanicEvidence {
  type: 'panic'
  message: string
  fatal: boolean
  lines: string[]
  /** Frames of the goroutine that panicked (the first one printed). */
  frames: Frame[]
}
export interface TimeoutEvidence {
  type: 'timeout'
  after: string
  /** Names from `running tests:`, without their durations. */
  running: string[]
  /** Goroutines that run code of the package (where the test is stuck). */
  goroutines: Goroutine[]
  lines: string[]
}
/** One side of a data race: `Read at 0x... by goroutine 8:` and its stack. */
export interface RaceAccess {
  /** `read`, `write`, `atomic write`, ... as the race detector names it, lower case. */
  what: string
  previous: boolean
  /** `goroutine 8` or `main goroutine`. */
  goroutine: string
  frames: Frame[]
}
export interface RaceEvidence {
  type: 'race'
  lines: string[]
  frames: Frame[]
  /** The racing access, then the previous one; empty when the report is not the race detector's. */
  accesses: RaceAccess[]
}
export interface MarkerEvidence {
  type: 'race-in-test' | 'race-outside'
}
export interface ExampleEvidence {
  type: 'example'
  lines: string[]
}
export type Evidence =
  | AssertionEvidence
  | PanicEvidence
  | TimeoutEvidence
  | RaceEvidence
  | MarkerEvidence
  | ExampleEvidence

const MAX_EVIDENCE = 20
const MAX_ASSERTION_LINES = 40
const MAX_PANIC_LINES = 400
const MAX_RACE_LINES = 200
const MAX_KEPT_GOROUTINES = 12
const MAX_GOROUTINE_LINES = 120
const MAX_EXAMPLE_LINES = 120

// `    x_test.go:42: message` (t.Log/t.Error shape; -fullpath gives a path).
// Go 1.14 put the test's name first: `    TestX/sub: x_test.go:42: message`.
const ASSERTION = /^(\s+)(?:(?:Test|Benchmark|Fuzz|Example)\S*: )?([^\s:]+\.go):(\d+): ?(.*)$/
const MARKED_ASSERTION = /^\s*([^\s:]+\.go):(\d+): ?(.*)$/
/** The lines test2json and the testing package frame a run with; never a failure's message. */
export const FRAMING =
  /^\s*(?:=== (?:RUN|PAUSE|CONT|NAME|ARTIFACTS) |--- (?:PASS|FAIL|SKIP|BENCH): |(?:PASS|FAIL)$|(?:ok {2}|FAIL|\? {3})\t)/
const RACE_IN_TEST = /^\s+testing\.go:\d+: race detected during execution of test/
const RACE_ACCESS = /^(Previous )?([A-Za-z ]+?) at 0x[0-9a-f]+ by (goroutine \d+|main goroutine):$/
// Go 1.20 indents the running tests with one tab, later Go with two.
const RUNNING_TEST = /^\t\t?(\S+) \(/

type Mode = 'none' | 'assertion' | 'panic' | 'timeout' | 'race' | 'example'

/**
 * True for evidence only the toolchain prints, whole: it may explain a failed
 * package even when a test that passed printed it. Text a test printed to look
 * like it (passing-noisy) lacks the parts: a race report without its accesses, a
 * timeout without `running tests:` or a goroutine of the package, a panic whose
 * stack holds neither the package nor package testing.
 */
export function isToolchainEvidence(evidence: Evidence, importPath: string): boolean {
  switch (evidence.type) {
    case 'race':
      return evidence.accesses.length > 0
    case 'timeout':
      return evidence.running.length > 0 || evidence.goroutines.length > 0
    case 'panic':
      return evidence.frames.some((f) => f.func.startsWith(`${importPath}.`) || f.func.startsWith('testing.'))
    default:
      return false
  }
}

export class OutputAnalyzer {
  readonly evidence: Evidence[] = []
  private mode: Mode = 'none'
  private current: Evidence | null = null
  private indent = 0
  private block: string[] | null = null
  private blockState = ''
  /** Go 1.27+ marks lines with OutputType; once seen, unmarked lines are never assertions. */
  private typed = false

  /** @param packagePath the package whose frames mark a stuck goroutine in a timeout dump */
  constructor(private readonly packagePath: string) {}

  feed(line: string, outputType?: string): void {
    if (outputType !== undefined) this.typed = true
    switch (this.mode) {
      case 'assertion':
        if (this.continuesAssertion(line, outputType)) {
          const found = this.current as AssertionEvidence
          if (found.lines.length < MAX_ASSERTION_LINES) found.lines.push(line)
          return
        }
        this.mode = 'none'
        break
      case 'race': {
        const found = this.current as RaceEvidence
        if (found.lines.length < MAX_RACE_LINES) found.lines.push(line)
        if (line === '==================') this.closeRace(found)
        return
      }
      case 'panic': {
        const found = this.current as PanicEvidence
        if (found.lines.length < MAX_PANIC_LINES) found.lines.push(line)
        return
      }
      case 'timeout':
        this.feedTimeout(line)
        return
      case 'example': {
        const found = this.current as ExampleEvidence
        if (FRAMING.test(line)) {
          this.mode = 'none'
          break
        }
        if (found.lines.length < MAX_EXAMPLE_LINES) found.lines.push(line)
        return
      }
    }
    this.detect(line, outputType)
  }

  /** Closes any open section; call when the test or package has ended. */
  finish(): void {
    if (this.mode === 'panic') {
      const found = this.current as PanicEvidence
      found.frames = firstGoroutineFrames(found.lines)
    } else if (this.mode === 'race') {
      this.closeRace(this.current as RaceEvidence)
    } else if (this.mode === 'timeout') {
      this.closeBlock()
    }
    this.mode = 'none'
    this.current = null
  }

  private closeRace(found: RaceEvidence): void {
    found.frames = parseFrames(found.lines)
    found.accesses = parseRaceAccesses(found.lines)
    this.mode = 'none'
  }

  private add(found: Evidence, mode: Mode): void {
    this.mode = mode
    this.current = found
    // Assertions are many in a chatty test; panics, races and timeouts are few, but bounded too.
    const limit = found.type === 'assertion' ? MAX_EVIDENCE : 2 * MAX_EVIDENCE
    if (this.evidence.length < limit) this.evidence.push(found)
  }

  private detect(line: string, outputType?: string): void {
    if (outputType === 'frame' || FRAMING.test(line)) return
    if (line.startsWith('panic: test timed out after ')) {
      const found: TimeoutEvidence = {
        type: 'timeout',
        after: line.slice('panic: test timed out after '.length).trim(),
        running: [],
        goroutines: [],
        lines: [line]
      }
      this.add(found, 'timeout')
      return
    }
    if (line.startsWith('panic: ') || line.startsWith('fatal error: ')) {
      const fatal = line.startsWith('fatal error: ')
      const found: PanicEvidence = {
        type: 'panic',
        message: line.slice(fatal ? 'fatal error: '.length : 'panic: '.length),
        fatal,
        lines: [line],
        frames: []
      }
      this.add(found, 'panic')
      return
    }
    if (line === 'WARNING: DATA RACE') {
      this.add({ type: 'race', lines: [line], frames: [], accesses: [] }, 'race')
      return
    }
    if (RACE_IN_TEST.test(line)) {
      this.add({ type: 'race-in-test' }, 'none')
      return
    }
    if (line.startsWith('testing: race detected outside of test execution')) {
      this.add({ type: 'race-outside' }, 'none')
      return
    }
    if (line === 'got:') {
      this.add({ type: 'example', lines: [line] }, 'example')
      return
    }
    const marked = outputType === 'error'
    const m = marked
      ? MARKED_ASSERTION.exec(line)
      : outputType === undefined && !this.typed
        ? ASSERTION.exec(line)
        : null
    if (m) {
      const offset = marked ? 0 : 1
      this.indent = marked ? 0 : m[1].length
      const found: AssertionEvidence = {
        type: 'assertion',
        file: m[1 + offset],
        line: Number(m[2 + offset]),
        lines: [m[3 + offset]],
        marked
      }
      this.add(found, 'assertion')
    }
  }

  private continuesAssertion(line: string, outputType?: string): boolean {
    if (outputType !== undefined || this.typed) return outputType === 'error-continue'
    // Continuation lines of a multi-line message are indented deeper than its first line.
    if (line.length <= this.indent || FRAMING.test(line)) return false
    let spaces = 0
    while (spaces < line.length && (line[spaces] === ' ' || line[spaces] === '\t')) spaces++
    return spaces > this.indent
  }

  private feedTimeout(line: string): void {
    const found = this.current as TimeoutEvidence
    const state = goroutineState(line)
    if (state !== null) {
      this.closeBlock()
      this.block = [line]
      this.blockState = state
      return
    }
    if (this.block) {
      if (line.trim() === '') this.closeBlock()
      else if (this.block.length < MAX_GOROUTINE_LINES) this.block.push(line)
      return
    }
    if (found.lines.length < 50) found.lines.push(line)
    const running = RUNNING_TEST.exec(line)
    if (running) found.running.push(running[1])
  }

  private closeBlock(): void {
    if (!this.block) return
    const found = this.current as TimeoutEvidence
    const frames = parseFrames(this.block)
    const prefix = `${this.packagePath}.`
    if (
      found.goroutines.length < MAX_KEPT_GOROUTINES &&
      frames.some((frame) => frame.func.startsWith(prefix))
    ) {
      found.goroutines.push({ header: this.block[0], state: this.blockState, frames })
    }
    this.block = null
  }
}

/** The two accesses of a race report, each with its stack (up to the blank line after it). */
export function parseRaceAccesses(lines: readonly string[]): RaceAccess[] {
  const accesses: RaceAccess[] = []
  for (let i = 0; i < lines.length && accesses.length < 2; i++) {
    const m = RACE_ACCESS.exec(lines[i])
    if (!m) continue
    let end = i + 1
    while (end < lines.length && lines[end].trim() !== '' && !RACE_ACCESS.test(lines[end])) end++
    accesses.push({
      what: m[2].toLowerCase(),
      previous: m[1] !== undefined,
      goroutine: m[3],
      frames: parseFrames(lines.slice(i + 1, end))
    })
    i = end - 1
  }
  return accesses
}

/** Frames of the first goroutine in a panic's traceback. */
function firstGoroutineFrames(lines: readonly string[]): Frame[] {
  let start = -1
  let end = lines.length
  for (let i = 0; i < lines.length; i++) {
    if (goroutineState(lines[i]) !== null) {
      if (start < 0) start = i
      else {
        end = i
        break
      }
    }
  }
  return start < 0 ? parseFrames(lines) : parseFrames(lines.slice(start, end))
}
