// The one redaction of go-gate: credentials in URLs and the known secret values,
// in every encoding a test or a tool is likely to print them in, become ***.
// Applied to a RunReport once, before any reporter reads it.
import type { RunReport } from '../model/report.js'
import { redactUrlCredentials } from './url.js'

export const REDACTED = '***'

/** A hex number whose letters match in either case: `2[fF]`. */
function hex(value: number, width: number): string {
  return value
    .toString(16)
    .padStart(width, '0')
    .replace(/[a-f]/g, (d) => `[${d}${d.toUpperCase()}]`)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}

const NAMED_ESCAPES: Record<string, string> = {
  '\n': 'n',
  '\r': 'r',
  '\t': 't',
  '\b': 'b',
  '\f': 'f',
  '\v': 'v',
  '\x07': 'a',
  '"': '"',
  "'": "'",
  '\\': '\\',
  '/': '/'
}
const HTML_ENTITIES: Record<string, string> = { '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }
const encoder = new TextEncoder()

/** One character as is or percent-encoded. */
function plainOrPercent(ch: string): string {
  return `(?:${escapeRegExp(ch)}|${[...encoder.encode(ch)].map((b) => `%${hex(b, 2)}`).join('')})`
}
/** A backslash, or its percent-encoding: JSON inside a URL's query escapes, then percent-encodes. */
const BACKSLASH = plainOrPercent('\\')

/**
 * Every way one character of a secret is commonly written: as is,
 * percent-encoded (either case, `+` for a space), escaped as JSON, JavaScript
 * or Go's %q write it (\n, \", \u00e9, \x07, \U0001f600; also with the
 * backslash percent-encoded), or as an HTML entity.
 */
function characterPattern(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0
  const forms = new Set<string>([escapeRegExp(ch)])
  forms.add([...encoder.encode(ch)].map((b) => `%${hex(b, 2)}`).join(''))
  if (ch === ' ') forms.add('\\+')
  if (cp > 0xffff) {
    const high = 0xd800 + ((cp - 0x10000) >> 10)
    const low = 0xdc00 + ((cp - 0x10000) & 0x3ff)
    forms.add(`${BACKSLASH}u${hex(high, 4)}${BACKSLASH}u${hex(low, 4)}`)
  } else forms.add(`${BACKSLASH}u${hex(cp, 4)}`)
  forms.add(`${BACKSLASH}U${hex(cp, 8)}`)
  if (cp < 0x100) forms.add(`${BACKSLASH}x${hex(cp, 2)}`)
  if (NAMED_ESCAPES[ch]) forms.add(`${BACKSLASH}${plainOrPercent(NAMED_ESCAPES[ch])}`)
  forms.add(`&#0*${cp};`)
  forms.add(`&#[xX]0*${hex(cp, 1)};`)
  if (HTML_ENTITIES[ch]) forms.add(`&${HTML_ENTITIES[ch]};`)
  if (ch === "'") forms.add('&#39;')
  return forms.size === 1 ? escapeRegExp(ch) : `(?:${[...forms].join('|')})`
}

function secretPattern(secret: string): string {
  return [...secret].map(characterPattern).join('')
}

/** Every form but the plain one holds one of these (`%41`, `\\u0041`, `&#65;`; `+` stands for a space). */
const ENCODED = /[%\\&]/

interface SecretMatcher {
  secret: string
  /** The secret in any of its encodings. */
  pattern: RegExp
  hasSpace: boolean
}

/**
 * The redaction: URL credentials, then each secret (longest first, so a secret
 * that holds another goes whole) in any of the encodings above. A text with no
 * `%`, `\\` or `&` can only hold a secret as is: a plain search finds it, and
 * the patterns run only where an encoding may hide one.
 */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const matchers: SecretMatcher[] = [...new Set(secrets)]
    .filter((s) => s !== '')
    .sort((a, b) => b.length - a.length)
    .map((secret) => ({
      secret,
      pattern: new RegExp(secretPattern(secret), 'g'),
      hasSpace: secret.includes(' ')
    }))
  return (text) => {
    let out = redactUrlCredentials(text)
    const encoded = ENCODED.test(out)
    for (const m of matchers) {
      if (encoded || (m.hasSpace && out.includes('+'))) out = out.replace(m.pattern, REDACTED)
      else if (out.includes(m.secret)) out = out.split(m.secret).join(REDACTED)
    }
    return out
  }
}

/**
 * What to register with the runner's mask for each secret. The runner masks
 * exact strings only, in raw output it cannot know the encoding of: give it the
 * spellings tests print most (percent-encoded, form-encoded, JSON- and Go-escaped).
 */
export function maskValues(secrets: readonly string[]): string[] {
  const values = new Set<string>()
  for (const secret of secrets) {
    const json = JSON.stringify(secret).slice(1, -1)
    values.add(secret)
    values.add(encodeURIComponent(secret))
    values.add(encodeURIComponent(secret).replace(/%20/g, '+'))
    values.add(json)
    // Go's encoding/json also escapes <, > and & (HTML-safe by default).
    values.add(json.replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`))
  }
  return [...values]
}

/** Fields that hold a fixed vocabulary (kinds, statuses), read by machines: never rewritten. */
const VOCABULARY = new Set(['kind', 'stage', 'severity', 'status', 'result', 'hit', 'mode', 'percentText'])

// Reporters tell failures apart by identity (the root cause is also one of its stage's failures):
// an object met twice is copied once, so the copy shares what the report shared.
function redactValue(
  value: unknown,
  redact: (text: string) => string,
  key: string,
  copies: Map<object, unknown> = new Map()
): unknown {
  if (typeof value === 'string') return VOCABULARY.has(key) ? value : redact(value)
  if (value === null || typeof value !== 'object') return value
  const seen = copies.get(value)
  if (seen !== undefined) return seen
  if (Array.isArray(value)) {
    const copy =
      value.length > 0 && value.every((v) => typeof v === 'string')
        ? redactLines(value, redact)
        : value.map((v) => redactValue(v, redact, key, copies))
    copies.set(value, copy)
    return copy
  }
  const copy: Record<string, unknown> = {}
  copies.set(value, copy)
  for (const [k, v] of Object.entries(value)) copy[k] = redactValue(v, redact, k, copies)
  return copy
}

/** Lines are rendered joined, so a secret of several lines is looked for across them too. */
function redactLines(lines: readonly string[], redact: (text: string) => string): string[] {
  const joined = lines.join('\n')
  // Nothing across the lines means nothing in any one of them: one pass for the common case.
  if (redact(joined) === joined) return [...lines]
  const each = lines.map(redact)
  const rejoined = each.join('\n')
  const whole = redact(rejoined)
  return whole === rejoined ? each : whole.split('\n')
}

/**
 * A copy of the report with every text field redacted. The one boundary: the
 * adapters call it before any reporter (summary, annotations, outputs, terminal,
 * JSON) reads the report.
 */
export function redactReport(report: RunReport, secrets: readonly string[]): RunReport {
  return redactValue(report, createRedactor(secrets), '') as RunReport
}
