// Nothing secret leaves the runner, on real Go through the bundled action (and
// the CLI): a wait-for URL with basic-auth credentials, a GOPROXY with a token,
// and an integration-env DATABASE_URL whose password an integration test prints.
// The summary, the outputs, the annotations and the log as the runner shows it
// (its masks applied) hold none of them.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import type net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from '@jest/globals'
import { closedPort, fixtureMarkers, fixtureRoot } from '../pipeline/support.js'
import { type ActionRun, REPO_ROOT, runAction } from '../support/runner.js'

const BASE_INPUTS = { race: 'false', cache: 'false', 'test-timeout': '2m' }

/** Every place a secret could show: what the user and later steps read. */
function shown(run: ActionRun): Record<string, string> {
  return {
    summary: run.summary,
    outputs: JSON.stringify(run.outputs),
    annotations: JSON.stringify(run.annotations),
    log: run.log,
    stderr: run.stderr
  }
}

function expectNoSecret(run: ActionRun, secrets: string[]): void {
  for (const [where, text] of Object.entries(shown(run)))
    for (const secret of secrets) expect([where, text.includes(secret)]).toEqual([where, false])
}

/** stdout without the `::add-mask::` lines: what go-gate wrote before the runner masks anything. */
function unmasked(run: ActionRun): string {
  return run.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n')
}

const scratch: string[] = []
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true })
})

describe('a wait-for URL with basic-auth credentials', () => {
  const PASSWORD = 'wf-Pr0be-pa55word'
  let server: http.Server
  const seen: (string | undefined)[] = []

  afterAll(() => new Promise((resolve) => server.close(resolve)))

  test('the service gets the credentials; the failure names the URL as http://***@host', async () => {
    server = http.createServer((req, res) => {
      seen.push(req.headers.authorization)
      res.writeHead(503).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as net.AddressInfo).port
    const run = await runAction({
      workspace: fixtureRoot('integration-service'),
      inputs: {
        ...BASE_INPUTS,
        stages: 'integration',
        'wait-for': `http://probe:${PASSWORD}@127.0.0.1:${port}/health`,
        'wait-for-timeout': '1s'
      }
    })
    expect(run.outputs['root-cause-kind']).toBe('dependency')
    // The credentials still authenticate the probe: only what is shown is redacted.
    expect(seen[0]).toBe(`Basic ${Buffer.from(`probe:${PASSWORD}`).toString('base64')}`)
    expect(run.outputs['root-cause']).toMatch(
      new RegExp(
        `^The integration stage failed with a dependency that cannot be had: http://\\*\\*\\*@127\\.0\\.0\\.1:${port}/health did not answer within wait-for-timeout \\(1s\\), after \\d+ attempt\\(s\\); the last one failed with: HTTP 503 Service Unavailable\\.$`
      )
    )
    expect(run.summary).toContain(`http://***@127.0.0.1:${port}/health`)
    expect(run.masks).toContain(PASSWORD)
    expectNoSecret(run, [PASSWORD])
    // go-gate's own log lines never needed the mask.
    expect(unmasked(run)).toContain(`go-gate: waiting up to 1s for http://***@127.0.0.1:${port}/health`)
    expect(unmasked(run)).not.toContain(PASSWORD)
  })
})

describe('a GOPROXY with credentials (a private proxy that is down)', () => {
  const PROXY_PASSWORD = 'gp-pr0xy-Pa55'
  /** A token as the user name, as with Artifactory: go prints it in its messages. */
  const USER_TOKEN = 'gp-user-t0ken-x9'

  async function env(): Promise<NodeJS.ProcessEnv> {
    const port = await closedPort()
    const modcache = mkdtempSync(path.join(os.tmpdir(), 'go-gate-secret-modcache-'))
    scratch.push(modcache)
    return {
      // `|`: on any error go tries the next proxy, so both URLs reach go's messages.
      GOPROXY: `https://ci-bot:${PROXY_PASSWORD}@127.0.0.1:${port}/go|https://${USER_TOKEN}@127.0.0.1:${port}/alt`,
      GONOSUMDB: 'example.com/private',
      GOMODCACHE: modcache
    }
  }

  test('the action: a dependency at the import, the proxy shown as https://***@host, no token anywhere', async () => {
    const goEnv = await env()
    const port = /127\.0\.0\.1:(\d+)/.exec(goEnv.GOPROXY ?? '')?.[1]
    const run = await runAction({
      workspace: fixtureRoot('secret-goproxy'),
      inputs: { ...BASE_INPUTS, stages: 'unit' },
      env: goEnv
    })
    const [marker] = fixtureMarkers('secret-goproxy')
    expect(run.outputs['root-cause-kind']).toBe(marker.kind)
    expect(run.annotations[0]).toMatchObject({ file: marker.file, line: marker.line })
    // go's own message, with the token it kept (it hides passwords only) taken out.
    expect(run.outputs['root-cause']).toContain(
      `Get "https://***@127.0.0.1:${port}/alt/example.com/private/ledger/@v/`
    )
    expect(run.summary).toContain(
      `| GOPROXY | \`https://***@127.0.0.1:${port}/go\\|https://***@127.0.0.1:${port}/alt\` |`
    )
    expect(run.masks).toEqual(expect.arrayContaining([PROXY_PASSWORD, USER_TOKEN]))
    expectNoSecret(run, [PROXY_PASSWORD, USER_TOKEN])
    // Go's raw output echoed in the log loses URL credentials before the runner's masks apply.
    expect(unmasked(run)).toContain('Get "https://***@127.0.0.1:')
    expect(unmasked(run)).not.toContain(USER_TOKEN)
  })

  test.each(['json', 'text', 'markdown'])(
    'the CLI (--format %s --verbose): the report and the echoed go output hold no credential',
    async (format) => {
      const run = spawnSync(
        process.execPath,
        [
          path.join(REPO_ROOT, 'dist', 'cli', 'index.js'),
          'run',
          fixtureRoot('secret-goproxy'),
          '--stages',
          'unit',
          '--race=false',
          '--verbose',
          '--format',
          format
        ],
        { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local', NO_COLOR: '1', ...(await env()) } }
      )
      expect(run.status).toBe(1)
      // Markdown escapes the asterisks.
      expect(run.stdout.replace(/\\\*/g, '*')).toContain('https://***@127.0.0.1')
      expect(run.stdout).not.toContain(USER_TOKEN)
      expect(run.stdout).not.toContain(PROXY_PASSWORD)
      // --verbose echoes go's own output, which names the proxy it failed to reach.
      expect(run.stderr).toContain('127.0.0.1')
      expect(run.stderr).not.toContain(USER_TOKEN)
      expect(run.stderr).not.toContain(PROXY_PASSWORD)
    }
  )
})

describe('an integration-env DATABASE_URL whose password an integration test prints', () => {
  const PASSWORD = 'pg pa55"w0rd/é&x'
  const API_TOKEN = 'tok-3f9a61c2d8e4'
  const DSN = `postgres://app:${encodeURIComponent(PASSWORD)}@127.0.0.1:5432/shop`

  test('the failure is at the test line; the URL, the password in every form the test prints and the token are gone', async () => {
    const run = await runAction({
      workspace: fixtureRoot('secret-integration-env'),
      inputs: {
        ...BASE_INPUTS,
        stages: 'integration',
        'integration-env': [
          `DATABASE_URL=${DSN}`,
          'public:DATABASE_HOST=db.internal.example',
          'DATABASE_PORT=5432'
        ].join('\n')
      },
      // A variable named like a secret, set for the step (env: in the workflow).
      env: { API_TOKEN }
    })
    const [marker] = fixtureMarkers('secret-integration-env')
    expect(run.outputs['root-cause-kind']).toBe(marker.kind)
    expect(run.annotations[0]).toMatchObject({ file: marker.file, line: marker.line })
    expect(run.outputs['root-cause']).toBe(
      `The integration stage failed with a test failure in TestConnect at ${marker.file}:${marker.line}: cannot connect to postgres://***@127.0.0.1:5432/shop (password "***", token ***): connection refused`
    )
    // Public and short values are left alone, in the summary and in the log.
    expect(run.summary).toContain('host=db.internal.example port=5432')
    expect(run.log).toContain('host=db.internal.example port=5432')
    const forms = [
      PASSWORD,
      encodeURIComponent(PASSWORD),
      'pg+pa55%22w0rd%2F%C3%A9%26x',
      'pg pa55\\"w0rd/é\\u0026x',
      DSN,
      API_TOKEN
    ]
    expectNoSecret(run, forms)
    // The test printed them: the log is clean because the runner masks what go-gate registered.
    expect(unmasked(run)).toContain(API_TOKEN)
  })
})

describe('bad input names the line, never the secret in it', () => {
  test.each([
    [
      'integration-env',
      'public:LOG_LEVEL=debug\nAPI-KEY=bad-in-s3cret-value',
      'bad-in-s3cret-value',
      'Input "integration-env" has "API-KEY=…" on line 2; expected one KEY=VALUE a line (public:KEY=VALUE for a value that is not secret), KEY made of letters, digits and _.'
    ],
    [
      'wait-for',
      'ftp://probe:bad-in-s3cret-url@db:21/health',
      'bad-in-s3cret-url',
      'Input "wait-for" is "ftp://***@db:21/health"; expected tcp://host:port, http://host[:port]/path or https://host[:port]/path, one a line.'
    ]
  ])('%s', async (input, value, secret, message) => {
    const run = await runAction({
      workspace: fixtureRoot('integration-service'),
      inputs: { ...BASE_INPUTS, stages: 'integration', [input]: value }
    })
    expect(run.outputs['root-cause-kind']).toBe('invalid-input')
    // The root-cause output is bounded; the error annotation carries the whole message.
    const said = `go-gate could not start with an invalid input: ${message}`
    expect(said.startsWith(run.outputs['root-cause'].replace(/…$/, ''))).toBe(true)
    expect(run.annotations.filter((a) => a.severity === 'error').map((a) => a.message)).toContainEqual(
      expect.stringContaining(message)
    )
    expectNoSecret(run, [secret])
    expect(unmasked(run)).not.toContain(secret)
  })
})
