// Reads the output of one test (or a package's own output) line by line and
// picks out what explains a failure: assertion lines, panics, timeouts, races,
// example mismatches. It keeps only those sections, never the whole output.
import { type Frame, type Goroutine, goroutineState, parseFrames } from './stack.js'

export interface AssertionSignal {
  type: 'assertion'
  /** File as Go printed it: a base name, or a path with -fullpath. */
  file: string
  line: number
  lines: string[]
  /** True when Go 1.27's OutputType marked it as a t.Error/t.Fatal line. */
  marked: boolean
}
export interface PanicSignal {
  type: 'panic'
  message: string
  fatal: boolean
  lines: string[]
  /** Frames of the goroutine that panicked (the first one printed). */
  frames: Frame[]
}
export interface TimeoutSignal {
  type: 'timeout'
  after: string
  /** Names from `running tests:`, without their durations. */
  running: string[]
  /** Goroutines that run code of the package (where the test is stuck). */
  goroutines: Goroutine[]
  lines: string[]
}
export interface RaceSignal {
  type: 'race'
  lines: string[]
  frames: Frame[]
}
export interface MarkerSignal {
  type: 'race-in-test' | 'race-outside'
}
export interface ExampleSignal {
  type: 'example'
  lines: string[]
}
export type Signal = AssertionSignal | PanicSignal | TimeoutSignal | RaceSignal | MarkerSignal | ExampleSignal

const MAX_SIGNALS = 20
const MAX_ASSERTION_LINES = 40
const MAX_PANIC_LINES = 400
const MAX_RACE_LINES = 200
const MAX_KEPT_GOROUTINES = 12
const MAX_GOROUTINE_LINES = 120
const MAX_EXAMPLE_LINES = 120

// `    x_test.go:42: message` (t.Log/t.Error shape; -fullpath gives a path)
const ASSERTION = /^(\s+)([^\s:]+\.go):(\d+): ?(.*)$/
const MARKED_ASSERTION = /^\s*([^\s:]+\.go):(\d+): ?(.*)$/
const FRAMING = /^(?:=== (?:RUN|PAUSE|CONT|NAME) |--- (?:PASS|FAIL|SKIP|BENCH): |=== ARTIFACTS )/
const RACE_IN_TEST = /^\s+testing\.go:\d+: race detected during execution of test/
const RUNNING_TEST = /^\t\t(\S+) \(/

type Mode = 'none' | 'assertion' | 'panic' | 'timeout' | 'race' | 'example'

export class OutputAnalyzer {
  readonly signals: Signal[] = []
  private mode: Mode = 'none'
  private current: Signal | null = null
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
          const signal = this.current as AssertionSignal
          if (signal.lines.length < MAX_ASSERTION_LINES) signal.lines.push(line)
          return
        }
        this.mode = 'none'
        break
      case 'race': {
        const signal = this.current as RaceSignal
        if (signal.lines.length < MAX_RACE_LINES) signal.lines.push(line)
        if (line === '==================') {
          signal.frames = parseFrames(signal.lines)
          this.mode = 'none'
        }
        return
      }
      case 'panic': {
        const signal = this.current as PanicSignal
        if (signal.lines.length < MAX_PANIC_LINES) signal.lines.push(line)
        return
      }
      case 'timeout':
        this.feedTimeout(line)
        return
      case 'example': {
        const signal = this.current as ExampleSignal
        if (FRAMING.test(line)) {
          this.mode = 'none'
          break
        }
        if (signal.lines.length < MAX_EXAMPLE_LINES) signal.lines.push(line)
        return
      }
    }
    this.detect(line, outputType)
  }

  /** Closes any open section; call when the test or package has ended. */
  finish(): void {
    if (this.mode === 'panic') {
      const signal = this.current as PanicSignal
      signal.frames = firstGoroutineFrames(signal.lines)
    } else if (this.mode === 'race') {
      const signal = this.current as RaceSignal
      signal.frames = parseFrames(signal.lines)
    } else if (this.mode === 'timeout') {
      this.closeBlock()
    }
    this.mode = 'none'
    this.current = null
  }

  private add(signal: Signal, mode: Mode): void {
    this.mode = mode
    this.current = signal
    // Assertions are many in a chatty test; panics, races and timeouts are few, but bounded too.
    const limit = signal.type === 'assertion' ? MAX_SIGNALS : 2 * MAX_SIGNALS
    if (this.signals.length < limit) this.signals.push(signal)
  }

  private detect(line: string, outputType?: string): void {
    if (outputType === 'frame' || FRAMING.test(line)) return
    if (line.startsWith('panic: test timed out after ')) {
      const signal: TimeoutSignal = {
        type: 'timeout',
        after: line.slice('panic: test timed out after '.length).trim(),
        running: [],
        goroutines: [],
        lines: [line]
      }
      this.add(signal, 'timeout')
      return
    }
    if (line.startsWith('panic: ') || line.startsWith('fatal error: ')) {
      const fatal = line.startsWith('fatal error: ')
      const signal: PanicSignal = {
        type: 'panic',
        message: line.slice(fatal ? 'fatal error: '.length : 'panic: '.length),
        fatal,
        lines: [line],
        frames: []
      }
      this.add(signal, 'panic')
      return
    }
    if (line === 'WARNING: DATA RACE') {
      this.add({ type: 'race', lines: [line], frames: [] }, 'race')
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
      const signal: AssertionSignal = {
        type: 'assertion',
        file: m[1 + offset],
        line: Number(m[2 + offset]),
        lines: [m[3 + offset]],
        marked
      }
      this.add(signal, 'assertion')
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
    const signal = this.current as TimeoutSignal
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
    if (signal.lines.length < 50) signal.lines.push(line)
    const running = RUNNING_TEST.exec(line)
    if (running) signal.running.push(running[1])
  }

  private closeBlock(): void {
    if (!this.block) return
    const signal = this.current as TimeoutSignal
    const frames = parseFrames(this.block)
    const prefix = `${this.packagePath}.`
    if (
      signal.goroutines.length < MAX_KEPT_GOROUTINES &&
      frames.some((frame) => frame.func.startsWith(prefix))
    ) {
      signal.goroutines.push({ header: this.block[0], state: this.blockState, frames })
    }
    this.block = null
  }
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
