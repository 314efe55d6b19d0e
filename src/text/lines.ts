// Lines of a program's output: a stream split into lines as it arrives (the one splitter, used
// by the go test -json reader and by every process the pipeline runs), the last lines kept for
// a report, and how many of them a failure's message shows.

/** Lines of go output a failure's message (the excerpt, the annotation's text) shows at most; the full output is kept beside it. */
export const MESSAGE_LINES = 20

/** Splits text into lines, a `\r\n` ending counting as one. */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/)
}

/** The last lines of output as a failure's message shows them. */
export function messageTail(lines: readonly string[]): string {
  return lines.slice(-MESSAGE_LINES).join('\n')
}

/** The first `max` code units of text, one fewer rather than half a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text
  const code = text.charCodeAt(max - 1)
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max)
}

export interface LineSplitterOptions {
  /**
   * Longest line passed on whole, in UTF-16 code units (a string's length): a longer line is
   * cut (never inside a character), flagged truncated, and the rest of it dropped until its newline.
   */
  maxLineChars?: number
  /** Keep a line's trailing `\r` (by default it is stripped, so `\r\n` ends a line like `\n`). */
  keepCarriageReturn?: boolean
}

/**
 * Splits a stream into lines as the chunks arrive, whatever their boundaries: a character
 * whose bytes are split across chunks is decoded whole; invalid UTF-8 becomes U+FFFD rather
 * than an error; memory stays bounded by maxLineChars however long a line runs. Chunks may be
 * bytes or already-decoded strings.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false })
  private readonly maxLineChars: number
  private readonly keepCarriageReturn: boolean
  private pending = ''
  private overflow = false

  constructor(
    private readonly onLine: (line: string, truncated: boolean) => void,
    options: LineSplitterOptions = {}
  ) {
    this.maxLineChars = options.maxLineChars ?? Number.POSITIVE_INFINITY
    this.keepCarriageReturn = options.keepCarriageReturn ?? false
  }

  /** Calls onLine for each line the chunk completes; returns the chunk's decoded text (for callers that echo or keep it). */
  push(chunk: Uint8Array | string): string {
    // A string after bytes: the bytes of a character cut short end here, as U+FFFD.
    const decoded =
      typeof chunk === 'string' ? this.decoder.decode() + chunk : this.decoder.decode(chunk, { stream: true })
    let text = decoded
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
      if (this.pending.length + text.length > this.maxLineChars) {
        this.pending = cutText(this.pending + text, this.maxLineChars)
        this.overflow = true
      } else {
        this.pending += text
      }
    }
    return decoded
  }

  /** Ends the stream: the unfinished last line, if any, is passed on. Returns the text decoded last. */
  end(): string {
    const rest = this.decoder.decode()
    if (rest.length > 0) this.push(rest)
    if (this.pending.length > 0) this.emit(this.pending)
    this.pending = ''
    return rest
  }

  private emit(line: string): void {
    let text = !this.keepCarriageReturn && line.endsWith('\r') ? line.slice(0, -1) : line
    let truncated = this.overflow
    if (text.length > this.maxLineChars) {
      text = cutText(text, this.maxLineChars)
      truncated = true
    }
    this.overflow = false
    this.onLine(text, truncated)
  }
}

/** The last `limit` lines pushed, each cut at `maxLineChars` (marked with …). */
export class LineTail {
  private readonly kept: string[] = []

  constructor(
    private readonly limit: number,
    private readonly maxLineChars = Number.POSITIVE_INFINITY
  ) {}

  /** @param truncated the line was already cut (by a LineSplitter): it is marked too */
  push(line: string, truncated = false): void {
    const cut = cutText(line, this.maxLineChars)
    this.kept.push(truncated || cut !== line ? `${cut}…` : line)
    if (this.kept.length > this.limit) this.kept.shift()
  }

  lines(): string[] {
    return [...this.kept]
  }
}
