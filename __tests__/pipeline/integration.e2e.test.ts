// The integration stage on real go: a failure only the tag shows, the skip
// when nothing carries the tag, and wait-for before the tests.
import http from 'node:http'
import type net from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { findTaggedFile, splitTagsFlag } from '../../src/pipeline/stages/integration.js'
import { closedPort, fixtureRoot, onlyMarker, runFixture } from './support.js'

describe('integration stage', () => {
  test('a failure only the integration tag shows: unit passes, integration fails at the line', async () => {
    const marker = onlyMarker('integration-only')
    const run = await runFixture('integration-only', { stages: 'unit, integration' })

    expect(run.stage('unit').status).toBe('passed')
    const integration = run.stage('integration')
    expect(integration.status).toBe('failed')
    expect(integration.command).toBe('go test -json -tags=integration -timeout 2m -failfast ./...')
    const cause = run.report.rootCause
    expect(cause?.stage).toBe('integration')
    expect(cause?.kind).toBe(marker.kind)
    expect(cause?.test).toBe('TestFileStoreRoundTrip')
    expect(cause?.location).toEqual({ file: marker.file, line: marker.line })
    expect(cause?.title).toContain('expected integer')
  })

  test('no Go file carries the tag: skipped with a note, and the run passes', async () => {
    const run = await runFixture('integration-untagged', { stages: 'unit, integration' })
    expect(run.report.result).toBe('success')
    const integration = run.stage('integration')
    expect(integration.status).toBe('skipped')
    expect(integration.skipReason).toBe('no Go file in the module has a //go:build line with `integration`')
    expect(integration.notes[0]).toMatch(/^Skipped: no Go file/)
    expect(run.reporter.commands().some((c) => c.includes('-tags=integration'))).toBe(false)
  })

  test('the tag search skips testdata/, vendor/ and nested modules, and reads every tag of the list', async () => {
    const untagged = fixtureRoot('integration-untagged')
    expect(await findTaggedFile(untagged, ['integration'])).toBeUndefined()
    expect(await findTaggedFile(untagged, ['linux'])).toMatch(/slug_linux\.go$/)
    expect(await findTaggedFile(untagged, ['e2e', 'tools'])).toMatch(/tools\.go$/)
    expect(await findTaggedFile(fixtureRoot('integration-only'), ['integration'])).toMatch(
      /file_integration_test\.go$/
    )
  })

  test('-tags in go-test-flags is merged with the integration tags', () => {
    expect(splitTagsFlag(['-count=1', '-tags=sqlite', '-v'])).toEqual({
      flags: ['-count=1', '-v'],
      tags: ['sqlite']
    })
    expect(splitTagsFlag(['-tags', 'a,b'])).toEqual({ flags: [], tags: ['a', 'b'] })
  })

  describe('wait-for', () => {
    let server: http.Server
    let base: string
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        if (req.url === '/healthz') return res.writeHead(204).end()
        if (req.url === '/items') {
          return res
            .writeHead(200, { 'content-type': 'application/json' })
            .end('[{"sku":"tea","title":"Green tea"}]')
        }
        res.writeHead(404).end()
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`
    })
    afterAll(() => new Promise((resolve) => server.close(resolve)))

    test('a service that answers: the integration tests run with integration-env', async () => {
      const run = await runFixture('integration-service', {
        stages: 'integration',
        'wait-for': `${base}/healthz\ntcp://${new URL(base).host}`,
        'wait-for-timeout': '5s',
        'integration-env': `CATALOG_URL=${base}`
      })
      expect(run.report.rootCause).toBeUndefined()
      expect(run.stage('integration').status).toBe('passed')
      expect(run.report.tests.passed).toBe(2)
      // Both targets answered before the tests ran; how long they took is the machine's business.
      const answered = run.reporter.infos.filter((l) => / answered after \S+$/.test(l))
      expect(answered.map((l) => l.replace(/ after \S+$/, ''))).toEqual([
        `go-gate: ${base}/healthz answered`,
        `go-gate: tcp://${new URL(base).host} answered`
      ])
    })

    test('a tcp service that never answers: dependency naming it, and go test never runs', async () => {
      const port = await closedPort()
      const run = await runFixture('integration-service', {
        stages: 'unit, integration, build',
        'fail-fast': 'false',
        'wait-for': `tcp://127.0.0.1:${port}`,
        'wait-for-timeout': '1s'
      })
      const cause = run.report.rootCause
      expect(cause?.kind).toBe('dependency')
      expect(cause?.stage).toBe('integration')
      expect(cause?.title).toBe(
        `wait-for: tcp://127.0.0.1:${port} did not answer within 1s (connect ECONNREFUSED 127.0.0.1:${port})`
      )
      expect(run.stage('integration').command).toBe(`wait-for tcp://127.0.0.1:${port}`)
      expect(run.reporter.commands().filter((c) => c.includes('-tags=integration'))).toEqual([])
      // fail-fast false: build still runs after it.
      expect(run.stage('build').status).toBe('passed')
    })

    test('an http service answering 503 is not ready', async () => {
      const down = http.createServer((_req, res) => res.writeHead(503).end())
      await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve))
      try {
        const url = `http://127.0.0.1:${(down.address() as net.AddressInfo).port}/ready`
        const run = await runFixture('integration-service', {
          stages: 'integration',
          'wait-for': url,
          'wait-for-timeout': '3s'
        })
        expect(run.report.rootCause?.kind).toBe('dependency')
        expect(run.report.rootCause?.title).toBe(
          `wait-for: ${url} did not answer within 3s (HTTP 503 Service Unavailable)`
        )
      } finally {
        await new Promise((resolve) => down.close(resolve))
      }
    })
  })
})
