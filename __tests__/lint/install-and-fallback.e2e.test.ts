// golangci-lint from the tool cache: a release archive and its checksums file served on
// 127.0.0.1 (a stub binary stands in for golangci-lint; the real one is tested in
// golangci-stage.e2e.test.ts), a checksum mismatch refused, and the go vet + gofmt fallback
// when the release cannot be had.

import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { releaseAsset } from '../../src/lint/release.js'
import { runLintStage } from '../../src/pipeline/stages/lint.js'
import {
  fixtureContext,
  GOLANGCI_BASE_URL_ENV,
  lintMarkers,
  type ReleaseServer,
  seen,
  startReleaseServer,
  testEnv
} from './harness.js'

const STUB_VERSION = '2.99.1'
const asset = releaseAsset(STUB_VERSION, process.platform, process.arch)
// The stub is a shell script; the download, checksum and cache paths are the same on every OS.
const describeUnix = process.platform === 'win32' || !asset ? describe.skip : describe

const STUB_JSON = JSON.stringify({
  Issues: [
    {
      FromLinter: 'stubcheck',
      Text: 'stub finding',
      Severity: 'warning',
      Pos: { Filename: 'inventory/stock.go', Line: 27, Column: 9 }
    }
  ],
  Report: {}
})

/** A golangci-lint stand-in: prints a version, records its arguments, writes a JSON result. */
function stubScript(): string {
  return `#!/bin/sh
case "$1" in
  version) echo "golangci-lint has version ${STUB_VERSION} built with go1.26 from stub on test"; exit 0 ;;
  run)
    [ -n "$STUB_ARGS_FILE" ] && printf '%s\\n' "$@" > "$STUB_ARGS_FILE"
    for a in "$@"; do case "$a" in --output.json.path=*) out="\${a#--output.json.path=}" ;; esac; done
    printf '%s\\n' '${STUB_JSON}' > "$out"
    echo "inventory/stock.go:27:9: stub finding (stubcheck)"
    exit 1 ;;
esac
echo "unknown command $1" >&2
exit 3
`
}

let archive: Buffer
let sha: string
const servers: ReleaseServer[] = []

beforeAll(() => {
  if (!asset) return
  const dir = mkdtempSync(path.join(os.tmpdir(), 'golangci-stub-'))
  mkdirSync(path.join(dir, asset.folder))
  const binary = path.join(dir, asset.folder, asset.binary)
  writeFileSync(binary, stubScript())
  chmodSync(binary, 0o755)
  execFileSync('tar', ['czf', path.join(dir, asset.archive), '-C', dir, asset.folder])
  archive = readFileSync(path.join(dir, asset.archive))
  sha = createHash('sha256').update(archive).digest('hex')
})

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
})

async function serve(checksums: string | undefined, version = STUB_VERSION): Promise<ReleaseServer> {
  const files: Record<string, Buffer | string> = {}
  if (asset) files[`/v${version}/${asset.archive}`] = archive
  if (checksums !== undefined && asset) files[`/v${version}/${asset.checksums}`] = checksums
  const server = await startReleaseServer(files)
  servers.push(server)
  return server
}

function runnerDirs(): { RUNNER_TOOL_CACHE: string; RUNNER_TEMP: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'go-gate-runner-'))
  mkdirSync(path.join(root, 'tool-cache'))
  mkdirSync(path.join(root, 'temp'))
  return { RUNNER_TOOL_CACHE: path.join(root, 'tool-cache'), RUNNER_TEMP: path.join(root, 'temp') }
}

const fallbackNote = (version: string, reason: string) =>
  `golangci-lint ${version} could not be installed (${reason}); fell back to go vet and gofmt -l.`

/** The markers the fallback can see: go vet finds the printf misuse, gofmt the unformatted file. */
const fallbackMarkers = () =>
  lintMarkers('lint-findings')
    .filter((m) => m.linter === 'govet' || m.linter === 'gofmt')
    .map((m) => ({
      file: m.file,
      line: m.line,
      kind: 'lint',
      severity: 'error',
      linter: m.linter === 'govet' ? 'go vet' : 'gofmt'
    }))

describeUnix('golangci-lint from the tool cache', () => {
  test('downloads the release, verifies its checksum, caches it, and runs it; the next run uses the cache', async () => {
    if (!asset) return
    const server = await serve(
      `${'0'.repeat(64)}  golangci-lint-${STUB_VERSION}-other.tar.gz\n${sha}  ${asset.archive}\n`
    )
    const dirs = runnerDirs()
    const argsFile = path.join(dirs.RUNNER_TEMP, 'stub-args')
    const env = testEnv({ ...dirs, [GOLANGCI_BASE_URL_ENV]: server.url, STUB_ARGS_FILE: argsFile })
    const ctx = await fixtureContext(
      'lint-findings',
      { 'golangci-lint-version': `v${STUB_VERSION}`, 'lint-args': '--fast-only' },
      env
    )

    const result = await runLintStage(ctx)

    expect(server.requests).toEqual([
      `/v${STUB_VERSION}/${asset.checksums}`,
      `/v${STUB_VERSION}/${asset.archive}`
    ])
    expect(ctx.reporter.infos).toContain(`Checksum of ${asset.archive} verified (sha256 ${sha}).`)
    const cached = path.join(dirs.RUNNER_TOOL_CACHE, 'golangci-lint', STUB_VERSION, os.arch(), asset.binary)
    expect(existsSync(cached)).toBe(true)
    expect(existsSync(`${path.dirname(cached)}.complete`)).toBe(true)
    // The stub's one finding is a warning: shown, not failing.
    expect(result.status).toBe('passed')
    expect(result.notes).toEqual([])
    expect(ctx.reporter.warnings).toEqual([])
    expect(result.failures).toEqual([])
    expect(result.notices.map(seen)).toEqual([
      {
        file: '__tests__/fixtures/lint-findings/inventory/stock.go',
        line: 27,
        kind: 'lint',
        severity: 'warning',
        linter: 'stubcheck'
      }
    ])
    expect(ctx.reporter.lines).toContain('inventory/stock.go:27:9: stub finding (stubcheck)')
    const args = readFileSync(argsFile, 'utf8').trim().split('\n')
    expect(args[0]).toBe('run')
    expect(args).toContain('--path-mode=abs')
    expect(args[args.length - 1]).toBe('--fast-only')

    const again = await fixtureContext('lint-findings', { 'golangci-lint-version': `v${STUB_VERSION}` }, env)
    const second = await runLintStage(again)
    expect(server.requests).toHaveLength(2)
    expect(again.reporter.infos).toContain(
      `Using golangci-lint ${STUB_VERSION} from the tool cache (${path.dirname(cached)}).`
    )
    expect(second.notices.map(seen)).toEqual(result.notices.map(seen))
  })

  test('a checksum mismatch is refused: nothing is cached and the fallback runs', async () => {
    if (!asset) return
    const wrong = createHash('sha256').update('something else').digest('hex')
    const server = await serve(`${wrong}  ${asset.archive}\n`)
    const dirs = runnerDirs()
    const env = testEnv({ ...dirs, [GOLANGCI_BASE_URL_ENV]: server.url })
    const ctx = await fixtureContext('lint-findings', { 'golangci-lint-version': `v${STUB_VERSION}` }, env)

    const result = await runLintStage(ctx)

    const note = fallbackNote(
      `v${STUB_VERSION}`,
      `checksum mismatch for ${asset.archive}: ${asset.checksums} says sha256 ${wrong}, the download is ${sha}; refusing to install it`
    )
    expect(result.notes).toEqual([note])
    expect(ctx.reporter.warnings).toEqual([note])
    expect(existsSync(path.join(dirs.RUNNER_TOOL_CACHE, 'golangci-lint', STUB_VERSION))).toBe(false)
    expect(result.failures.map(seen).sort((a, b) => a.file!.localeCompare(b.file!))).toEqual(
      fallbackMarkers()
    )
  })

  test('a checksums file without the archive is refused too', async () => {
    if (!asset) return
    const server = await serve(`${sha}  golangci-lint-${STUB_VERSION}-plan9-amd64.tar.gz\n`)
    const env = testEnv({ ...runnerDirs(), [GOLANGCI_BASE_URL_ENV]: server.url })
    const ctx = await fixtureContext('lint-clean', { 'golangci-lint-version': `v${STUB_VERSION}` }, env)
    const result = await runLintStage(ctx)
    expect(result.notes).toEqual([
      fallbackNote(
        `v${STUB_VERSION}`,
        `${asset.checksums} has no checksum for ${asset.archive}; refusing to install it`
      )
    ])
    expect(server.requests).toEqual([`/v${STUB_VERSION}/${asset.checksums}`])
    expect(result.status).toBe('passed')
  })
})

describe('fallback to go vet and gofmt -l', () => {
  test('a release that cannot be downloaded: go vet and gofmt findings on the marked lines, and a note saying so', async () => {
    const server = await serve(undefined)
    const env = testEnv({ ...runnerDirs(), [GOLANGCI_BASE_URL_ENV]: server.url })
    // v2.0.0 is not what .ci/install-golangci-lint.sh put on PATH, and the server has no release.
    const ctx = await fixtureContext('lint-findings', { 'golangci-lint-version': 'v2.0.0' }, env)

    const result = await runLintStage(ctx)

    const note = fallbackNote(
      'v2.0.0',
      `downloading ${server.url}/v2.0.0/golangci-lint-2.0.0-checksums.txt failed: HTTP 404`
    )
    expect(result.notes).toEqual([note])
    expect(ctx.reporter.warnings).toEqual([note])
    expect(result.status).toBe('failed')
    expect(result.failures.map(seen).sort((a, b) => a.file!.localeCompare(b.file!))).toEqual(
      fallbackMarkers()
    )
    expect(result.failures.map((f) => f.title)).toEqual([
      'go vet: fmt.Sprintf call needs 2 args but has 3 args',
      'gofmt: File is not gofmt-ed; `gofmt -w report/report.go` fixes it.'
    ])
    expect(result.command).toBe('go vet ./... && gofmt -l')
    expect(ctx.reporter.lines).toContain(
      'inventory/stock.go:27:9: fmt.Sprintf call needs 2 args but has 3 args'
    )
  })

  test('a host that does not resolve falls back at once', async () => {
    const env = testEnv({ ...runnerDirs(), [GOLANGCI_BASE_URL_ENV]: 'https://releases.invalid' })
    for (const key of ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']) delete env[key]
    const ctx = await fixtureContext('lint-clean', { 'golangci-lint-version': 'v2.0.0' }, env)
    const result = await runLintStage(ctx)
    expect(result.notes).toEqual([
      fallbackNote('v2.0.0', 'releases.invalid cannot be resolved (ENOTFOUND); no network?')
    ])
    expect(result).toMatchObject({ status: 'passed', failures: [] })
  })

  test('code that does not compile is a compile-error in the fallback too', async () => {
    const server = await serve(undefined)
    const env = testEnv({ ...runnerDirs(), [GOLANGCI_BASE_URL_ENV]: server.url })
    const ctx = await fixtureContext('compile-src', { 'golangci-lint-version': 'v2.0.0' }, env)
    const result = await runLintStage(ctx)
    expect(result.failures.map(seen)).toEqual([
      {
        file: '__tests__/fixtures/compile-src/internal/model/user.go',
        line: 29,
        kind: 'compile-error',
        severity: 'error',
        linter: 'go vet'
      }
    ])
  })
})
