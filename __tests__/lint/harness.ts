// What the lint tests share: a StageContext over a fixture, a reporter that records,
// the `// gate:want lint` markers, and a local HTTP server standing in for GitHub releases.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { InputName } from '../../src/constants.js'
import { parseOptions } from '../../src/options.js'
import type { Reporter, StageContext } from '../../src/pipeline/context.js'
import { type GoEnv, readGoEnv } from '../../src/pipeline/go.js'
import { GOLANGCI_BASE_URL_ENV } from '../../src/pipeline/install-golangci.js'

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..')
export const FIXTURES = path.join(REPO_ROOT, '__tests__', 'fixtures')

/** golangci-lint installed by .ci/install-golangci-lint.sh lives in GOPATH/bin; put it first on PATH. */
export function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const gopathBin = path.join(
    execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).trim().split(path.delimiter)[0],
    'bin'
  )
  return { ...process.env, PATH: `${gopathBin}${path.delimiter}${process.env.PATH ?? ''}`, ...extra }
}

export interface RecordingReporter extends Reporter {
  infos: string[]
  warnings: string[]
  lines: string[]
}

export function recordingReporter(): RecordingReporter {
  const infos: string[] = []
  const warnings: string[] = []
  const lines: string[] = []
  return {
    infos,
    warnings,
    lines,
    info: (message) => infos.push(message),
    warning: (message) => warnings.push(message),
    output: (line) => lines.push(line),
    group: (_title, fn) => fn()
  }
}

const goEnvs = new Map<string, GoEnv>()

/** A lint-stage context over a fixture folder, the repository as the workspace (so paths gain the fixture's prefix). */
export async function fixtureContext(
  fixture: string,
  inputs: Partial<Record<InputName, string>> = {},
  env: NodeJS.ProcessEnv = testEnv()
): Promise<StageContext & { reporter: RecordingReporter }> {
  const options = parseOptions(
    (name) => (name === 'working-directory' ? `__tests__/fixtures/${fixture}` : inputs[name]),
    REPO_ROOT
  )
  let go = goEnvs.get(options.moduleDir)
  if (!go) {
    go = await readGoEnv(options.moduleDir, env)
    goEnvs.set(options.moduleDir, go)
  }
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'go-gate-lint-test-'))
  return {
    options,
    go,
    env,
    reporter: recordingReporter(),
    signal: new AbortController().signal,
    tempDir,
    resultsDir: tempDir
  }
}

export interface LintMarker {
  /** Repository-relative. */
  file: string
  line: number
  linter: string
  severity: 'error' | 'warning'
}

/** The `// gate:want lint linter=X [severity=warning]` markers of a fixture. */
export function lintMarkers(fixture: string): LintMarker[] {
  const root = path.join(FIXTURES, fixture)
  const markers: LintMarker[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry)
      if (statSync(full).isDirectory()) walk(full)
      else if (entry.endsWith('.go')) {
        readFileSync(full, 'utf8')
          .split('\n')
          .forEach((text, i) => {
            const m = /\/\/ gate:want lint linter=(\S+)(?: severity=(\S+))?/.exec(text)
            if (!m) return
            markers.push({
              file: path.relative(REPO_ROOT, full).split(path.sep).join('/'),
              line: i + 1,
              linter: m[1],
              severity: m[2] === 'warning' ? 'warning' : 'error'
            })
          })
      }
    }
  }
  walk(root)
  return markers
}

export interface ReleaseServer {
  /** Base URL, for GO_GATE_GOLANGCI_LINT_BASE_URL. */
  url: string
  /** Paths requested, in order. */
  requests: string[]
  close(): Promise<void>
}

/** Serves the given files (URL path → bytes) on 127.0.0.1; everything else is a 404. */
export async function startReleaseServer(files: Record<string, Buffer | string>): Promise<ReleaseServer> {
  const requests: string[] = []
  const server = createServer((req, res) => {
    const url = req.url ?? '/'
    requests.push(url)
    const body = files[url]
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' })
      res.end('Not Found')
      return
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' })
    res.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

export { GOLANGCI_BASE_URL_ENV }

/** What the user sees of a failure: file, line, kind, severity and the tool that said it. */
export function seen(f: {
  kind: string
  severity: string
  title: string
  location?: { file: string; line?: number }
}) {
  return {
    file: f.location?.file,
    line: f.location?.line,
    kind: f.kind,
    severity: f.severity,
    linter: f.title.slice(0, f.title.indexOf(':'))
  }
}
