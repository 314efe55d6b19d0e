// The reader's bounds on what a test prints: the longest line kept, and the first and last lines
// of a test's output. (The reader splits its input with text/lines.ts's LineSplitter.)

/**
 * Longest line kept whole, in UTF-16 code units (a JavaScript string's length);
 * the rest of a longer line is dropped (test2json never writes one).
 */
export const MAX_LINE_BYTES = 1 << 20

/**
 * Keeps the first `head` and the last `tail` lines of a sequence, counting the
 * ones dropped in between, so memory stays bounded however much a test prints.
 */
export class BoundedLines {
  readonly first: string[] = []
  private last: string[] = []
  private lastStart = 0
  dropped = 0

  constructor(
    private readonly head = 200,
    private readonly tail = 300
  ) {}

  push(line: string): void {
    if (this.tail === 0 && this.first.length >= this.head) {
      this.dropped++
      return
    }
    if (this.first.length < this.head) {
      this.first.push(line)
      return
    }
    if (this.last.length - this.lastStart >= this.tail) {
      this.lastStart++
      this.dropped++
      // Compact now and then instead of shifting on every line.
      if (this.lastStart > this.tail) {
        this.last = this.last.slice(this.lastStart)
        this.lastStart = 0
      }
    }
    this.last.push(line)
  }

  get length(): number {
    return this.first.length + this.last.length - this.lastStart
  }

  /** The kept lines, with a marker where lines were dropped. */
  lines(): string[] {
    const tail = this.last.slice(this.lastStart)
    if (this.dropped === 0) return [...this.first, ...tail]
    return [...this.first, `… ${this.dropped} lines not kept …`, ...tail]
  }
}
