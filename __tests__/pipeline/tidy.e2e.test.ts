// The tidy stage on real go: drift in go.mod, a module the proxy does not
// have (no retry), and network trouble (three tries).
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import type net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createTidyStage, runTidyStage } from '../../src/pipeline/stages/tidy.js'
import { renderSummary } from '../../src/report/summary.js'
import { closedPort, fixtureRoot, onlyMarker, runFixture, testEnv } from './support.js'

describe('tidy stage', () => {
  test('drift in go.mod: mod-tidy on the require line that goes, with the diff, and go.mod left alone', async () => {
    const marker = onlyMarker('tidy-drift')
    const goMod = path.join(fixtureRoot('tidy-drift'), 'go.mod')
    const before = readFileSync(goMod, 'utf8')
    const run = await runFixture('tidy-drift', { stages: 'tidy' })

    expect(run.report.result).toBe('failure')
    const cause = run.report.rootCause
    expect(cause?.kind).toBe('mod-tidy')
    expect(marker.kind).toBe('mod-tidy')
    expect(cause?.stage).toBe('tidy')
    expect(cause?.location).toEqual({ file: 'go.mod', line: marker.line })
    expect(cause?.title).toBe('go.mod is not tidy: example.com/legacyclock is required but not used')
    const stage = run.stage('tidy')
    expect(stage.diff).toContain('-\texample.com/legacyclock v0.3.0 // gate:want mod-tidy')
    expect(stage.diff).toContain('+require example.com/money v1.2.0')
    expect(run.reporter.commands()).toEqual(['go mod download', 'go mod verify', 'go mod tidy -diff'])
    expect(renderSummary(run.report)).toContain('### tidy: diff')
    expect(readFileSync(goMod, 'utf8')).toBe(before)
  })

  test('a go.sum without the entries of a required module is a dependency failure naming it', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'go-gate-nosum-'))
    cpSync(fixtureRoot('cache-deps'), root, { recursive: true })
    rmSync(path.join(root, 'go.sum'))
    const run = await runFixture(root, { stages: 'tidy' })
    const cause = run.report.rootCause
    expect(cause?.kind).toBe('dependency')
    expect(cause?.title).toMatch(/^go\.sum has no entry for .*github\.com\/google\/uuid v1\.6\.0/)
    expect(cause?.location?.file).toBe('go.mod')
  })

  test('before Go 1.23: tidies a copy through -modfile and shows the same diff go mod tidy -diff does', async () => {
    const marker = onlyMarker('tidy-drift')
    const goMod = path.join(fixtureRoot('tidy-drift'), 'go.mod')
    const before = readFileSync(goMod, 'utf8')
    const modern = await runFixture('tidy-drift', { stages: 'tidy' })
    // The same go, told it is 1.22: the stage takes the path older Go needs.
    const run = await runFixture(
      'tidy-drift',
      { stages: 'tidy' },
      { runners: { tidy: (ctx) => runTidyStage({ ...ctx, go: { ...ctx.go, GOVERSION: 'go1.22.12' } }) } }
    )
    expect(run.reporter.commands()).toEqual(['go mod download', 'go mod verify', 'go mod tidy'])
    expect(run.stage('tidy').diff).toBe(modern.stage('tidy').diff)
    expect(run.report.rootCause?.location).toEqual({ file: 'go.mod', line: marker.line })
    expect(run.report.rootCause?.title).toBe(modern.report.rootCause?.title)
    expect(readFileSync(goMod, 'utf8')).toBe(before)
  })

  test('a tidy module passes', async () => {
    const run = await runFixture('integration-only', { stages: 'tidy' })
    expect(run.report.result).toBe('success')
    expect(run.stage('tidy').status).toBe('passed')
  })

  describe('with a module proxy', () => {
    let server: http.Server
    let proxy: string
    const requests: string[] = []
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        requests.push(req.url ?? '')
        res.writeHead(404).end('not found: no such module\n')
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      proxy = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`
    })
    afterAll(() => new Promise((resolve) => server.close(resolve)))

    test('a module the proxy does not have: dependency naming it, on its require line, tried once', async () => {
      const marker = onlyMarker('tidy-missing')
      requests.length = 0
      const run = await runFixture(
        'tidy-missing',
        { stages: 'tidy, unit' },
        { env: testEnv({ GOPROXY: proxy, GOSUMDB: 'off' }) }
      )

      expect(run.report.rootCause?.kind).toBe('dependency')
      expect(run.report.rootCause?.title).toContain('example.com/ledgerkit@v1.4.0')
      expect(run.report.rootCause?.title).toContain('404 Not Found')
      expect(run.report.rootCause?.location).toEqual({ file: 'go.mod', line: marker.line })
      expect(run.reporter.commands()).toEqual(['go mod download'])
      expect(requests).toEqual(['/example.com/ledgerkit/@v/v1.4.0.mod'])
      expect(run.stage('unit').status).toBe('skipped')
    })
  })

  test('network trouble: go mod download is tried three times, then dependency', async () => {
    const port = await closedPort()
    const run = await runFixture(
      'tidy-missing',
      { stages: 'tidy' },
      {
        env: testEnv({ GOPROXY: `http://127.0.0.1:${port}`, GOSUMDB: 'off' }),
        runners: { tidy: createTidyStage({ retryDelaysMs: [20, 40] }) }
      }
    )
    expect(run.reporter.commands()).toEqual(['go mod download', 'go mod download', 'go mod download'])
    expect(run.report.rootCause?.kind).toBe('dependency')
    expect(run.report.rootCause?.title).toContain('example.com/ledgerkit@v1.4.0')
    expect(run.report.rootCause?.title).toContain('connection refused')
    expect(run.stage('tidy').notes).toContain(
      '`go mod download` failed 3 times on network errors; gave up after try 3 of 3.'
    )
  })
})
