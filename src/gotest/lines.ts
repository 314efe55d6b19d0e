// Line handling for streams that may be huge, split at odd places or not UTF-8.

/**
 * Longest line kept whole, in UTF-16 code units (a JavaScript string's length);
 * the rest of a longer line is dropped (test2json never writes one).
 */
export const MAX_LINE_BYTES = 1 << 20

/** The first `max` code units of text, one fewer rather than half a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text
  const code = text.charCodeAt(max - 1)
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max)
}

/**
 * Splits a byte stream into lines as the bytes arrive. A character split across
 * chunks is decoded whole; invalid UTF-8 becomes U+FFFD rather than an error; a
 * line longer than MAX_LINE_BYTES is cut, never inside a character.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false })
  private pending = ''
  private overflow = false

  constructor(private readonly onLine: (line: string, truncated: boolean) => void) {}

  push(chunk: Uint8Array | string): void {
    // A string after bytes: the bytes of a character cut short end here, as U+FFFD.
    let text =
      typeof chunk === 'string' ? this.decoder.decode() + chunk : this.decoder.decode(chunk, { stream: true })
    let newline = text.indexOf('\n')
    while (newline >= 0) {
      const piece = text.slice(0, newline)
      this.emit(this.pending.length === 0 ? piece : this.pending + piece)
      this.pending = ''
      text = text.slice(newline + 1)
      newline = text.indexOf('\n')
    }
    // Past the cut, the rest of the line is dropped until its newline.
    if (text.length > 0 && !this.overflow) {
      if (this.pending.length + text.length > MAX_LINE_BYTES) {
        this.pending = cutText(this.pending + text, MAX_LINE_BYTES)
        this.overflow = true
      } else {
        this.pending += text
      }
    }
  }

  end(): void {
    const rest = this.decoder.decode()
    if (rest.length > 0) this.push(rest)
    if (this.pending.length > 0) this.emit(this.pending)
    this.pending = ''
  }

  private emit(line: string): void {
    let text = line.endsWith('\r') ? line.slice(0, -1) : line
    let truncated = this.overflow
    if (text.length > MAX_LINE_BYTES) {
      text = cutText(text, MAX_LINE_BYTES)
      truncated = true
    }
    this.overflow = false
    this.onLine(text, truncated)
  }
}

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
