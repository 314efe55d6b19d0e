// Live progress on a terminal: one line, redrawn in place while Go runs and
// cleared when the stage ends (the final report lists the stages). Off a TTY,
// or with NO_COLOR or --no-progress, the reporter prints plain lines instead.
import type { TestEvent } from '../gotest/event.js'
import { formatDuration } from '../text/duration.js'

/** How often the elapsed time is redrawn when no event arrives. */
export const PROGRESS_REDRAW_MS = 200

const CLEAR_LINE = '\r\u001b[2K'

export interface ProgressCounts {
  stage: string
  startedAt: number
  /** Packages go will test, once `go list` has said; undefined until then. */
  packagesTotal?: number
  packagesDone: number
  passed: number
  failed: number
  /** The package whose events came last and that has not ended. */
  running?: string
}

/** The progress line's text: "unit 12.3s · 2/3 packages · 9 passed, 2 failed · running example.com/m/store". */
export function progressText(p: ProgressCounts, now: number, columns: number): string {
  const parts = [`▸ ${p.stage} ${formatDuration(now - p.startedAt)}`]
  const tested = p.packagesDone > 0 || p.passed + p.failed > 0 || p.running !== undefined
  if (tested) {
    parts.push(
      p.packagesTotal !== undefined
        ? `${p.packagesDone}/${p.packagesTotal} packages`
        : `${p.packagesDone} ${p.packagesDone === 1 ? 'package' : 'packages'} done`
    )
    parts.push(`${p.passed} passed, ${p.failed} failed`)
    if (p.running) parts.push(`running ${p.running}`)
  }
  const text = parts.join(' · ')
  // A line longer than the terminal wraps, and \r then redraws only its last row.
  const chars = [...text]
  return chars.length < columns ? text : `${chars.slice(0, Math.max(1, columns - 2)).join('')}…`
}

/** Folds test2json events into the counts the progress line shows. */
export function countEvent(p: ProgressCounts, event: TestEvent, ended: Set<string>): void {
  const pkg = event.Package
  if (pkg === undefined) return
  if (event.Test !== undefined) {
    if (event.Action === 'pass') p.passed++
    else if (event.Action === 'fail') p.failed++
  } else if (event.Action === 'pass' || event.Action === 'fail' || event.Action === 'skip') {
    if (!ended.has(pkg)) {
      ended.add(pkg)
      p.packagesDone++
    }
    if (p.running === pkg) p.running = undefined
    return
  }
  if (!ended.has(pkg)) p.running = pkg
}

export interface ProgressTerminal {
  write: (text: string) => void
  columns: () => number
  now: () => number
}

export class LiveProgress {
  private counts: ProgressCounts | null = null
  private ended = new Set<string>()
  private timer: ReturnType<typeof setInterval> | null = null
  private shown = false

  constructor(private readonly term: ProgressTerminal) {}

  begin(stage: string): void {
    this.end()
    this.counts = { stage, startedAt: this.term.now(), packagesDone: 0, passed: 0, failed: 0 }
    this.ended = new Set()
    this.draw()
    this.timer = setInterval(() => this.draw(), PROGRESS_REDRAW_MS)
    this.timer.unref?.()
  }

  setTotal(stage: string, total: number): void {
    if (this.counts?.stage !== stage) return
    this.counts.packagesTotal = total
    this.draw()
  }

  event(event: TestEvent): void {
    if (!this.counts) return
    countEvent(this.counts, event, this.ended)
    this.draw()
  }

  /** Prints a line above the progress line. */
  line(text: string): void {
    if (this.shown) this.term.write(CLEAR_LINE)
    this.shown = false
    this.term.write(text)
    this.draw()
  }

  /** Clears the line and stops redrawing. */
  end(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    if (this.shown) this.term.write(CLEAR_LINE)
    this.shown = false
    this.counts = null
  }

  private draw(): void {
    if (!this.counts) return
    this.term.write(`${CLEAR_LINE}${progressText(this.counts, this.term.now(), this.term.columns())}`)
    this.shown = true
  }
}
