// Everything that came from test output is escaped before it reaches Markdown:
// the summary is rendered as GitHub-flavoured Markdown with HTML allowed.

// Characters that start Markdown or HTML anywhere in a line.
const MARKDOWN_INLINE = /[\\`*_[\]<>&|~]/g
// Characters that only matter at the start of a block: headings, lists, quotes, ordered lists.
const BLOCK_START = /^(\s*)(\d{0,9})([#+\-=.)])(?=[\s#=-]|$)/

/** Escapes text for Markdown prose (and the HTML GitHub allows in it). */
export function escapeMarkdown(text: string): string {
  const inline = text.replace(MARKDOWN_INLINE, (c) => {
    if (c === '<') return '&lt;'
    if (c === '>') return '&gt;'
    if (c === '&') return '&amp;'
    return `\\${c}`
  })
  return inline.replace(BLOCK_START, (m: string, space: string, digits: string, mark: string) =>
    // `1.` and `1)` start ordered lists; `#`, `+`, `-`, `=` headings, lists and underlines.
    digits === '' && !'#+-='.includes(mark) ? m : `${space}${digits}\\${mark}`
  )
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function longestRun(text: string, char: string): number {
  let longest = 0
  let run = 0
  for (const c of text) {
    if (c === char) {
      run++
      if (run > longest) longest = run
    } else run = 0
  }
  return longest
}

/**
 * An inline code span that shows `text` literally, whatever backticks it holds.
 * Pipes are escaped so a span inside a table cell cannot end the cell.
 */
export function codeSpan(text: string, inTable = false): string {
  const oneLine = text.replace(/\r?\n/g, ' ')
  const fence = '`'.repeat(longestRun(oneLine, '`') + 1)
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') || oneLine.startsWith(' ') ? ' ' : ''
  const body = inTable ? oneLine.replace(/\|/g, '\\|') : oneLine
  return `${fence}${pad}${body}${pad}${fence}`
}

/** A fenced code block that shows `lines` literally, whatever fences they hold. */
export function codeBlock(lines: readonly string[], language = 'text'): string {
  const text = lines.join('\n')
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1))
  return `${fence}${language}\n${text}\n${fence}`
}

/** Cuts a line to at most `max` characters, saying so. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
