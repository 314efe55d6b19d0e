// Lines of a program's output: bytes split into lines as they arrive, the last
// lines kept for a report, and how many of them a failure's message shows.
import { StringDecoder } from 'node:string_decoder'

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

/**
 * Turns a byte stream into lines as the chunks arrive. A character whose bytes are split
 * across two chunks is decoded whole; invalid UTF-8 becomes U+FFFD. A trailing `\r` is
 * kept: callers that echo a line decide what to do with it.
 */
export class ChunkLines {
  private readonly decoder = new StringDecoder('utf8')
  private partial = ''

  /**
   * @param onLine called with each complete line, without its `\n`
   * @param maxPartialChars an unfinished line longer than this keeps only its end
   */
  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxPartialChars = Number.POSITIVE_INFINITY
  ) {}

  /** Decodes a chunk, calls onLine for each line it completes, and returns the decoded text. */
  push(chunk: Uint8Array): string {
    const decoded = this.decoder.write(chunk as Buffer)
    const lines = (this.partial + decoded).split('\n')
    this.partial = lines.pop() ?? ''
    if (this.partial.length > this.maxPartialChars) this.partial = this.partial.slice(-this.maxPartialChars)
    for (const line of lines) this.onLine(line)
    return decoded
  }

  /** Ends the stream: the unfinished last line, if any, is passed on. Returns the text decoded last. */
  end(): string {
    const rest = this.decoder.end()
    const last = this.partial + rest
    this.partial = ''
    if (last !== '') this.onLine(last)
    return rest
  }
}

/** The last `limit` lines pushed, each cut at `maxLineChars` (marked with …). */
export class LineTail {
  private readonly kept: string[] = []

  constructor(
    private readonly limit: number,
    private readonly maxLineChars = Number.POSITIVE_INFINITY
  ) {}

  push(line: string): void {
    this.kept.push(line.length > this.maxLineChars ? `${line.slice(0, this.maxLineChars)}…` : line)
    if (this.kept.length > this.limit) this.kept.shift()
  }

  lines(): string[] {
    return [...this.kept]
  }
}
