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

// XML 1.0 has no way to write these at all, escaped or not: C0 controls but tab, newline and
// carriage return, unpaired surrogates, U+FFFE and U+FFFF.
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * Escapes text for XML 1.0 element content and double-quoted attributes: markup characters as
 * entities, line breaks and tabs as character references (an attribute would fold them into
 * spaces), and characters XML cannot carry as U+FFFD.
 */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '\uFFFD')
    .replace(/[&<>"\n\r\t]/g, (c) =>
      c === '&'
        ? '&amp;'
        : c === '<'
          ? '&lt;'
          : c === '>'
            ? '&gt;'
            : c === '"'
              ? '&quot;'
              : `&#${c.charCodeAt(0)};`
    )
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

/** Cuts a line of a code block to at most `max` characters and says how much went. */
export function clipLine(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)} … (${text.length - max} characters cut)`
}

// A span of code a tool quoted in its message: `go mod tidy`.
const QUOTED_CODE = /`([^`\n]+)`/g

/**
 * A message from Go or a tool, for a sentence. Tools quote code in backticks
 * ("Run `go mod tidy`"): those become code spans and the prose around them is
 * escaped. Anything else (a test's own text) is one code span, so its spacing
 * and punctuation show exactly as printed. Either way nothing in it can open
 * HTML, a link or emphasis.
 */
export function renderMessage(text: string, inTable = false): string {
  const oneLine = text.replace(/\r?\n/g, ' ')
  if (!QUOTED_CODE.test(oneLine)) return codeSpan(oneLine, inTable)
  QUOTED_CODE.lastIndex = 0
  let out = ''
  let last = 0
  for (const match of oneLine.matchAll(QUOTED_CODE)) {
    out += escapeMarkdown(oneLine.slice(last, match.index))
    out += codeSpan(match[1], inTable)
    last = match.index + match[0].length
  }
  return out + escapeMarkdown(oneLine.slice(last))
}
