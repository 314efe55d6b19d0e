// Which assertion failed a test, and what it said. Plain `t.Error` lines say it
// on their first line; testify prints `x_test.go:14: ` and then labelled blocks
// (`Error Trace:`, `Error:`, `Test:`, `Messages:`), where the point is `Error:`
// with its expected/actual lines and the `Messages:` the author wrote.
import type { AssertionEvidence, Evidence } from './evidence.js'
import type { PathResolver } from './locate.js'

const FAILURE_WORDS =
  /\b(?:want|wanted|got|expected|expect|fail(?:ed|ure)?|mismatch|unexpected|should|must|not equal|differ)\b|!=/i
const LOG_CALL = /\.(?:Log|Logf)\(/
const FAIL_CALL = /\.(?:Error|Errorf|Fatal|Fatalf|Fail|FailNow|Skip)\(|\b(?:assert|require)\./
// `        \tError:      \tNot equal: ` and its continuation `        \t            \texpected: 3`
const TESTIFY_LINE = /^\s*\t([A-Za-z ]*?):?\s*\t(.*)$/

export interface AssertionText {
  /** One line: what failed, for titles and the first sentence. */
  headline: string
  /** The lines an excerpt shows, the headline first. */
  lines: string[]
}

interface Block {
  label: string
  lines: string[]
}

/** testify's labelled blocks, or null when the assertion is not testify's. */
function testifyBlocks(lines: readonly string[]): Block[] | null {
  const blocks: Block[] = []
  for (const line of lines) {
    const m = TESTIFY_LINE.exec(line)
    if (!m) {
      if (blocks.length === 0) continue
      blocks[blocks.length - 1].lines.push(line.trim())
      continue
    }
    if (m[1] !== '') blocks.push({ label: m[1], lines: [m[2].trimEnd()] })
    else if (blocks.length > 0) blocks[blocks.length - 1].lines.push(m[2].trimEnd())
  }
  return blocks.some((b) => b.label === 'Error') ? blocks : null
}

/** `Not equal: `, `expected: 3`, `actual  : 6` → `Not equal: expected: 3, actual: 6`. */
function joinBlock(lines: readonly string[]): string {
  let text = ''
  for (const raw of lines) {
    const line = raw.trim().replace(/\s+:/g, ':').replace(/\s+/g, ' ')
    if (line === '') continue
    text = text === '' ? line : /:$/.test(text) ? `${text} ${line}` : `${text}, ${line}`
  }
  return text
}

/** What an assertion says: testify's Error and Messages, else its own first line. */
export function assertionText(assertion: AssertionEvidence): AssertionText {
  const where = `${assertion.file}:${assertion.line}`
  const blocks = testifyBlocks(assertion.lines.slice(1))
  if (!blocks) {
    const first = assertion.lines[0] ?? ''
    return { headline: first.trim(), lines: [`${where}: ${first}`, ...assertion.lines.slice(1)] }
  }
  const error = joinBlock(blocks.find((b) => b.label === 'Error')?.lines ?? [])
  const messages = joinBlock(blocks.find((b) => b.label === 'Messages')?.lines ?? [])
  const headline = messages !== '' ? `${error} (${messages})` : error
  // Error Trace repeats the location with the runner's absolute path; Test repeats the name.
  const shown = blocks
    .filter((b) => b.label !== 'Error Trace' && b.label !== 'Test')
    .flatMap((b) => [`${b.label}: ${b.lines[0] ?? ''}`, ...b.lines.slice(1).map((l) => `  ${l}`)])
  return { headline, lines: [`${where}: ${headline}`, ...shown] }
}

function isTestify(assertion: AssertionEvidence): boolean {
  return testifyBlocks(assertion.lines.slice(1)) !== null
}

/**
 * The assertion that failed the test. Go 1.27 marks it. Before, a t.Log line
 * looks the same as a t.Error line, so read the source line when we can: a Log
 * call is not it, an Error/Fatal call is; a helper call (t.Helper) may be.
 * Without source, testify's blocks and failure words decide. Of assertions that
 * surely failed, the first is the one (the rest often follow from it); among
 * uncertain ones, the last (a test usually fails after it has logged).
 */
export function pickAssertion(
  evidence: readonly Evidence[],
  resolver: PathResolver,
  importPath: string
): AssertionEvidence | undefined {
  const assertions = evidence.filter((s): s is AssertionEvidence => s.type === 'assertion')
  if (assertions.length === 0) return undefined
  const marked = assertions.find((a) => a.marked)
  if (marked) return marked
  let best: AssertionEvidence | undefined
  let bestScore = -1
  for (const a of assertions) {
    const source = resolver.testLineText(importPath, a.file, a.line)
    let score: number
    if (isTestify(a)) score = 5
    else if (source !== undefined && LOG_CALL.test(source) && !FAIL_CALL.test(source)) score = 0
    else if (source !== undefined && FAIL_CALL.test(source)) score = 4
    else score = FAILURE_WORDS.test(a.lines.join(' ')) ? 3 : 2
    const sure = score >= 4
    if (sure ? score > bestScore : score >= bestScore) {
      best = a
      bestScore = score
    }
  }
  return best
}
