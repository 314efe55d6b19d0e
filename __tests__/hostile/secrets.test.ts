// Secrets a test prints, in the encodings tests and tools print them in, never
// reach a rendered form: for any secret from any source go-gate knows
// (integration-env, a variable named like a secret, a wait-for URL) and any
// go test -json stream that prints it (split into fragments, over several lines,
// inside a URL, JSON-escaped, percent-encoded), the summary, the annotations,
// the outputs, the JSON report, the terminal text and go-gate's last log line
// hold neither the secret nor any decoding of it.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import MarkdownIt from 'markdown-it'
import type { Failure, RunReport } from '../../src/model/report.js'
import { collectSecrets, createRedactor, redactReport, type SecretSources } from '../../src/redact/index.js'
import { rootCauseLine } from '../../src/report/describe.js'
import { renderJson } from '../../src/report/json.js'
import { reportOutputs } from '../../src/report/outputs.js'
import { rankAnnotations } from '../../src/report/rank.js'
import { renderSummary } from '../../src/report/summary.js'
import { renderTerminal } from '../../src/report/terminal.js'
import { reportFromStream } from './stream-report.js'

const md = new MarkdownIt({ html: true })
const BLOB = 'https://github.com/acme/shop/blob/0123456789abcdef0123456789abcdef01234567'
const PKG = 'example.com/shop/store'
const TEST = 'TestConnect'

/**
 * Characters of secrets: letters and digits, and the ones every encoding treats
 * specially. No `*`: a secret of asterisks cannot be told from the *** that replaces it.
 */
const SECRET_CHARS = [
  ...'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789',
  ...'"\\%@:/+ &<>\'#?=,;!$_.-~|`[]{}()',
  'é',
  'ß',
  '日',
  '😀',
  '\t'
]
const secretLine = fc
  .array(fc.constantFrom(...SECRET_CHARS), { minLength: 4, maxLength: 20 })
  .map((chars) => chars.join(''))
  .filter((s) => s.trim().length >= 4 && !/^\d+$/.test(s.trim()))
/** Environment variables may hold several lines (a private key); inputs hold one a line. */
const multiLineSecret = fc.tuple(secretLine, secretLine).map(([a, b]) => `${a}\n${b}`)

type Source = 'integration-env' | 'named-env' | 'wait-for'
interface Case {
  source: Source
  secret: string
  encoding: keyof typeof ENCODINGS
  before: string
  after: string
  /** Where the -json stream cuts the line holding the secret into output fragments (fractions of it). */
  cuts: number[]
  /** Where in the test's output the secret goes. */
  place: 'error' | 'continuation' | 'log' | 'panic'
}

const goJson = (s: string) =>
  JSON.stringify(s).slice(1, -1).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
const percentAll = (s: string) =>
  [...new TextEncoder().encode(s)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')

/** How a test or a tool writes a value it holds. */
const ENCODINGS = {
  raw: (s: string) => s,
  'json-escaped': (s: string) => JSON.stringify(s).slice(1, -1),
  'go-json-escaped': goJson,
  'percent-encoded': (s: string) => encodeURIComponent(s),
  'percent-encoded-every-byte': percentAll,
  'form-encoded': (s: string) => encodeURIComponent(s).replace(/%20/g, '+'),
  'in-url-userinfo': (s: string) => `postgres://app:${encodeURIComponent(s)}@db.internal:5432/shop`,
  'in-url-userinfo-raw': (s: string) => `https://ci-bot:${s}@proxy.corp/go`,
  'in-url-query': (s: string) => `https://api.corp/v1?token=${encodeURIComponent(s)}&x=1`,
  'in-json-in-url': (s: string) => `https://api.corp/v1?q=${encodeURIComponent(JSON.stringify({ dsn: s }))}`
} as const

/** Text around the secret: no `*` (see above), no line breaks (placement decides those). */
const around = fc
  .array(fc.constantFrom(...'abc XYZ012 :/@%"\\<>&_-=.,'), { maxLength: 12 })
  .map((c) => c.join(''))

function caseArb(source: Source): fc.Arbitrary<Case> {
  return fc.record({
    source: fc.constant(source),
    secret: source === 'named-env' ? fc.oneof(secretLine, multiLineSecret) : secretLine,
    encoding: fc.constantFrom(...(Object.keys(ENCODINGS) as (keyof typeof ENCODINGS)[])),
    before: around,
    after: around,
    cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }),
    place: fc.constantFrom('error', 'continuation', 'log', 'panic')
  })
}

function sourcesOf(c: Case): SecretSources {
  switch (c.source) {
    case 'integration-env':
      return { integrationEnv: { DATABASE_PASSWORD: c.secret, PORT: '5432' } }
    case 'named-env':
      return { env: { STRIPE_API_KEY: c.secret, PATH: '/usr/bin' } }
    case 'wait-for':
      return { urls: [`http://probe:${encodeURIComponent(c.secret)}@db:8080/health`] }
  }
}

/** Output fragments of one line, cut where the case says (test2json cuts lines over 1 KiB the same way). */
function fragments(line: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((f) => Math.floor(f * line.length)))]
    .filter((p) => p > 0 && p < line.length)
    .sort((a, b) => a - b)
  const out: string[] = []
  let last = 0
  for (const p of [...points, line.length]) {
    out.push(line.slice(last, p))
    last = p
  }
  return out
}

/** A failing test that prints `text` where the case says, as go test -json writes it. */
function streamOf(c: Case, text: string): string {
  const events: Record<string, unknown>[] = []
  const out = (Output: string) => events.push({ Action: 'output', Package: PKG, Test: TEST, Output })
  events.push({ Action: 'start', Package: PKG }, { Action: 'run', Package: PKG, Test: TEST })
  out(`=== RUN   ${TEST}\n`)
  const [first, ...rest] = text.split('\n')
  const lines =
    c.place === 'panic'
      ? [`--- FAIL: ${TEST} (0.00s)`, `panic: ${first} [recovered]`, ...rest.map((l) => `\t${l}`)]
      : c.place === 'log'
        ? [`    store_test.go:20: ${first}`, ...rest.map((l) => `        ${l}`)]
        : c.place === 'continuation'
          ? ['    store_test.go:31: cannot connect', `        ${first}`, ...rest.map((l) => `        ${l}`)]
          : [`    store_test.go:31: ${first}`, ...rest.map((l) => `        ${l}`)]
  if (c.place === 'log') lines.push('    store_test.go:31: cannot connect')
  for (const line of lines) for (const piece of fragments(`${line}\n`, c.cuts)) out(piece)
  if (c.place === 'panic') {
    for (const frame of [
      'goroutine 7 [running]:',
      `${PKG}.${TEST}(0xc000102340)`,
      '\t/repo/store/store_test.go:31 +0x1d'
    ])
      out(`${frame}\n`)
  } else out(`--- FAIL: ${TEST} (0.00s)\n`)
  events.push({ Action: 'fail', Package: PKG, Test: TEST })
  events.push({ Action: 'output', Package: PKG, Output: `FAIL\t${PKG}\t0.01s\n` })
  events.push({ Action: 'fail', Package: PKG })
  return `${events.map((e) => JSON.stringify(e)).join('\n')}\n`
}

function reportFor(c: Case, text: string): RunReport {
  const report = reportFromStream(
    { stdout: [streamOf(c, text)] },
    {
      repoRoot: '/repo',
      commandDir: '/repo',
      packages: new Map([[PKG, { importPath: PKG, dir: '/repo/store' }]])
    }
  )
  // Where a proxy URL with the secret shows: the Environment table.
  report.environment = {
    goVersion: 'go1.26.0',
    goproxy: `https://ci-bot:${ENCODINGS[c.encoding](c.secret)}@proxy.corp/go,direct`
  }
  return report
}

/** Every form a user or a machine reads, as written. */
function renderedForms(report: RunReport): { text: string[]; json: string } {
  const annotations = rankAnnotations(report).flatMap((a) => [a.title, a.message, a.file ?? ''])
  return {
    text: [
      renderSummary(report, { blobUrl: BLOB }),
      renderTerminal(report, { color: false }),
      renderTerminal(report, { color: true }),
      `go-gate: ${rootCauseLine(report)}`,
      ...annotations,
      ...Object.values(reportOutputs(report))
    ],
    json: renderJson(report)
  }
}

function percentDecoded(text: string): string {
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run)
    } catch {
      return run
    }
  })
}
function unescaped(text: string): string {
  const named: Record<string, string> = {
    n: '\n',
    t: '\t',
    r: '\r',
    '"': '"',
    '\\': '\\',
    '/': '/',
    "'": "'"
  }
  return text.replace(/\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(["\\/'ntr]))/g, (_m, u, x, c) =>
    u
      ? String.fromCharCode(Number.parseInt(u, 16))
      : x
        ? String.fromCharCode(Number.parseInt(x, 16))
        : named[c]
  )
}
function htmlText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_m, d) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, h) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

/** Each rendered form and what a reader decodes it to: Markdown as GitHub renders it, JSON parsed, escapes undone. */
function readings(report: RunReport): string[] {
  const forms = renderedForms(report)
  const out: string[] = [forms.json]
  const strings = (v: unknown): string[] =>
    typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []
  out.push(...strings(JSON.parse(forms.json)))
  for (const text of forms.text) out.push(text, htmlText(md.render(text)))
  return out.flatMap((t) => [
    t,
    percentDecoded(t),
    percentDecoded(t.replace(/\+/g, ' ')),
    unescaped(t),
    percentDecoded(unescaped(t)),
    unescaped(percentDecoded(t))
  ])
}

function leaked(report: RunReport, secrets: readonly string[]): string[] {
  const found: string[] = []
  for (const reading of readings(report)) for (const s of secrets) if (reading.includes(s)) found.push(s)
  return found
}

describe('secrets never reach a rendered form', () => {
  test.each<Source>(['integration-env', 'named-env', 'wait-for'])(
    'a secret from %s, printed by a failing test in any encoding',
    (source) => {
      fc.assert(
        fc.property(caseArb(source), (c) => {
          const secrets = collectSecrets(sourcesOf(c))
          const names = source === 'named-env' ? c.secret.split('\n').map((l) => l.trim()) : [c.secret.trim()]
          // A value too short for its source is left alone by design: not what this property is about.
          fc.pre(names.every((n) => secrets.includes(n)))
          const text = `${c.before}${ENCODINGS[c.encoding](c.secret)}${c.after}`
          // A secret that go-gate's own words spell out is no leak (a secret "stage failed").
          const baseline = reportFor({ ...c, secret: 'placeholder-value' }, `${c.before}${c.after}`)
          fc.pre(leaked(baseline, names).length === 0)

          const report = reportFor(c, text)
          // Unredacted, the secret shows: the check below is not vacuous.
          expect(report.result).toBe('failure')
          expect(leaked(report, names)).not.toEqual([])
          expect(leaked(redactReport(report, secrets), names)).toEqual([])
        }),
        { numRuns: 250 }
      )
    }
  )
})

describe('what is secret and what is not', () => {
  test('integration-env values are secret, short values, plain numbers and public: values are not', () => {
    const secrets = collectSecrets({
      integrationEnv: {
        DATABASE_URL: 'postgres://app:s3cr3t-pw@127.0.0.1:5432/app',
        PORT: '5432',
        LOG: 'dbg',
        HOST: 'localhost'
      },
      publicNames: ['HOST']
    })
    expect(secrets).toEqual(['postgres://app:s3cr3t-pw@127.0.0.1:5432/app', 's3cr3t-pw'])
  })

  test('variables named like secrets are, INPUT_* and short flags are not; URL credentials anywhere are', () => {
    const secrets = collectSecrets({
      env: {
        GITHUB_TOKEN: 'ghs_0123456789abcdefghij',
        ACTIONS_RUNTIME_TOKEN: 'eyJhbGciOi.payload.sig',
        DB_PASSWORD: 'test',
        USE_KEYRING: 'true',
        'INPUT_CACHE-KEY-PREFIX': 'go-gate-unit',
        GOPROXY: 'https://ci-bot:proxy-pass@proxy.corp/go|https://user-token-1@proxy.corp/alt,direct',
        HOME: '/home/runner'
      }
    })
    expect(secrets.sort()).toEqual(
      ['ghs_0123456789abcdefghij', 'eyJhbGciOi.payload.sig', 'proxy-pass', 'user-token-1'].sort()
    )
  })

  test('a secret of several lines is also masked line by line, as the runner masks', () => {
    const key = '-----BEGIN KEY-----\nMIIEvQIBADANBg\n-----END KEY-----'
    expect(collectSecrets({ env: { SSH_PRIVATE_KEY: key } })).toEqual([
      key,
      '-----BEGIN KEY-----',
      '-----END KEY-----',
      'MIIEvQIBADANBg'
    ])
  })

  test('the redaction: URL userinfo always, secrets in their encodings, the rest untouched', () => {
    const redact = createRedactor(['s3cr3t"pw'])
    expect(redact('Get "https://ci-bot:xxxxx@proxy.corp/go/@v/list": refused')).toBe(
      'Get "https://***@proxy.corp/go/@v/list": refused'
    )
    expect(redact('tcp://u:p@db:5432 and mailto:a@b and https://example.com/a@b')).toBe(
      'tcp://***@db:5432 and mailto:a@b and https://example.com/a@b'
    )
    expect(redact('password=s3cr3t"pw json={"p":"s3cr3t\\"pw"} url=s3cr3t%22pw html=s3cr3t&quot;pw')).toBe(
      'password=*** json={"p":"***"} url=*** html=***'
    )
    expect(redact('port 5432, nothing secret')).toBe('port 5432, nothing secret')
  })
})

describe('the redacted report', () => {
  test('keeps what the report shared: its root cause is still one of its stage failures, listed once', () => {
    const failure: Failure = {
      kind: 'dependency',
      stage: 'integration',
      severity: 'error',
      title: 'wait-for: http://probe:s3cret-pass@db:8080/health did not answer',
      message: 'http://probe:s3cret-pass@db:8080/health did not answer within wait-for-timeout (1s).'
    }
    const report: RunReport = {
      result: 'failure',
      rootCause: failure,
      stages: [
        {
          stage: 'integration',
          status: 'failed',
          durationMs: 1000,
          failures: [failure],
          notices: [],
          notes: []
        }
      ],
      setupFailures: [],
      tests: { passed: 0, failed: 0, skipped: 0 },
      durationMs: 1000,
      workingDirectory: '.'
    }
    const redacted = redactReport(report, [])
    expect(redacted.rootCause?.message).not.toContain('s3cret-pass')
    expect(redacted.rootCause).toBe(redacted.stages[0].failures[0])
    expect(renderSummary(redacted)).not.toContain('2 failures')
  })
})
