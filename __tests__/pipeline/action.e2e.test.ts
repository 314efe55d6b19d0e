// The gated pipeline through the bundled action, run as the runner runs it:
// what a user sees (outputs, the first error annotation, the summary) for each
// stage's failure, a stage timeout, SIGTERM mid-run, the toolchain and bad input.
import type { ChildProcess } from 'node:child_process'
import net from 'node:net'
import { describe, expect, test } from '@jest/globals'
import { summaryHeadline } from '../support/markdown.js'
import { runAction } from '../support/runner.js'
import { fileAppears, fixtureRoot, onlyMarker, pidFiles, processAlive, processExits } from './support.js'

const BASE = { cache: 'false', race: 'false', 'test-timeout': '2m' }

function firstError(run: Awaited<ReturnType<typeof runAction>>) {
  return run.annotations.find((a) => a.severity === 'error')
}

const pidFile = pidFiles()

describe('each stage fails where a user would look', () => {
  test('tidy drift: mod-tidy on the go.mod line, the diff in the summary', async () => {
    const marker = onlyMarker('tidy-drift')
    const run = await runAction({
      workspace: fixtureRoot('tidy-drift'),
      inputs: { ...BASE, stages: 'tidy, unit' }
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['failed-stage']).toBe('tidy')
    expect(run.outputs['root-cause-kind']).toBe('mod-tidy')
    expect(firstError(run)).toMatchObject({ file: 'go.mod', line: marker.line })
    expect(run.outputs['root-cause']).toContain('example.com/legacyclock')
    const headline = summaryHeadline(run.summary)
    expect(headline).toContain('The `tidy` stage failed')
    expect(headline).toContain(`go.mod:${marker.line}`)
    expect(run.summary).toContain('### tidy: diff')
    expect(run.summary).toContain('-\texample.com/legacyclock v0.3.0')
    expect(run.stdout).not.toContain('go test -json')
  })

  test('a failure only the integration tag shows', async () => {
    const marker = onlyMarker('integration-only')
    const run = await runAction({
      workspace: fixtureRoot('integration-only'),
      inputs: { ...BASE, stages: 'unit, integration' }
    })
    expect(run.outputs['failed-stage']).toBe('integration')
    expect(run.outputs['root-cause-kind']).toBe('test-failure')
    expect(firstError(run)).toMatchObject({ file: marker.file, line: marker.line })
    expect(run.outputs['root-cause']).toContain('TestFileStoreRoundTrip')
    expect(summaryHeadline(run.summary)).toContain('The `integration` stage failed')
  })

  test('integration with nothing tagged is skipped with a note, and the run passes', async () => {
    const run = await runAction({
      workspace: fixtureRoot('integration-untagged'),
      inputs: { ...BASE, stages: 'unit, integration' }
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('success')
    expect(run.summary).toContain(
      '| integration | ⏭️ skipped: no Go file in the module has a //go:build line with'
    )
  })

  test('a build that fails only with -tags=enterprise: compile-error at the marked line', async () => {
    const marker = onlyMarker('build-tag')
    const run = await runAction({
      workspace: fixtureRoot('build-tag'),
      inputs: { ...BASE, stages: 'unit, build', 'build-flags': '-tags=enterprise' }
    })
    expect(run.outputs['failed-stage']).toBe('build')
    expect(run.outputs['root-cause-kind']).toBe('compile-error')
    expect(firstError(run)).toMatchObject({ file: marker.file, line: marker.line, col: 20 })
  })

  test('a link error: build-error', async () => {
    const run = await runAction({
      workspace: fixtureRoot('build-link'),
      inputs: { ...BASE, stages: 'build' }
    })
    expect(run.outputs['failed-stage']).toBe('build')
    expect(run.outputs['root-cause-kind']).toBe('build-error')
    expect(run.outputs['root-cause']).toContain(
      'relocation target example.com/build-link/crc.sum32 not defined'
    )
  })

  test('wait-for a port nothing listens on: dependency naming it', async () => {
    const server = net.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as net.AddressInfo
    await new Promise((resolve) => server.close(resolve))
    const run = await runAction({
      workspace: fixtureRoot('integration-service'),
      inputs: {
        ...BASE,
        stages: 'integration',
        'wait-for': `tcp://127.0.0.1:${port}`,
        'wait-for-timeout': '1s'
      }
    })
    expect(run.outputs['failed-stage']).toBe('integration')
    expect(run.outputs['root-cause-kind']).toBe('dependency')
    expect(run.outputs['root-cause']).toContain(
      `tcp://127.0.0.1:${port} did not answer within wait-for-timeout (1s)`
    )
  })
})

describe('across stages', () => {
  test('stage-timeout: timeout naming the stage and the command, the test binary gone', async () => {
    const pid = pidFile()
    const run = await runAction({
      workspace: fixtureRoot('pipeline-slow'),
      inputs: { ...BASE, stages: 'unit, build', 'stage-timeout': '10s' },
      env: { GATE_PID_FILE: pid }
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['failed-stage']).toBe('unit')
    expect(run.outputs['root-cause-kind']).toBe('timeout')
    expect(run.outputs['root-cause']).toContain(
      'The unit stage was stopped after 10s while running `go test -json'
    )
    expect(run.summary).toContain('| build | ⏭️ skipped: the unit stage failed first')
    // The test binary started (it wrote its pid before its 30s wait) and was stopped with the stage.
    expect(await processExits(Number(await fileAppears(pid)))).toBe(true)
  })

  test('SIGTERM mid-run: cancelled, the summary still written, the test binary gone', async () => {
    const pid = pidFile()
    let child: ChildProcess | undefined
    const running = runAction({
      workspace: fixtureRoot('pipeline-slow'),
      inputs: { ...BASE, stages: 'tidy, unit, build' },
      env: { GATE_PID_FILE: pid },
      onSpawn: (c) => {
        child = c
      }
    })
    // The unit stage's test binary is running once it wrote its pid.
    const testBinary = Number(await fileAppears(pid))
    expect(processAlive(testBinary)).toBe(true)
    child?.kill('SIGTERM')
    const run = await running

    expect(run.exitCode).toBe(1)
    expect(run.outputs['root-cause-kind']).toBe('cancelled')
    expect(run.outputs['failed-stage']).toBe('unit')
    expect(run.stdout).toContain('go-gate received SIGTERM')
    expect(summaryHeadline(run.summary)).toContain('cancelled')
    expect(run.summary).toContain('the run was cancelled')
    expect(await processExits(testBinary)).toBe(true)
  })

  test('go.mod needs a newer Go with GOTOOLCHAIN=local: toolchain in setup, at the go line', async () => {
    const marker = onlyMarker('toolchain-newer-go')
    const run = await runAction({
      workspace: fixtureRoot('toolchain-newer-go'),
      inputs: { ...BASE, stages: 'tidy, unit, build' }
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['root-cause-kind']).toBe('toolchain')
    expect(run.outputs['root-cause']).toContain("go.mod's go line asks for Go 1.99 or newer")
    expect(firstError(run)).toMatchObject({ file: 'go.mod', line: marker.line })
    // The summary escapes Markdown: set\\-up.
    expect(run.summary).toMatch(/\| unit \| ⏭️ skipped: set\\?-up failed first/)
    expect(run.stdout).not.toMatch(/^\$ go /m)
  })
})

describe('bad input: invalid-input with the accepted forms, and nothing runs', () => {
  test.each([
    [
      'stage-timeout',
      '10 minutes',
      /Input "stage-timeout" is "10 minutes"; expected a Go duration such as 90s, 10m or 1h30m/
    ],
    ['wait-for-timeout', '-5s', /Input "wait-for-timeout" is "-5s"; expected a Go duration/],
    // Refused with the inputs, so tidy (first in the list) does not run before lint would refuse it.
    [
      'golangci-lint-version',
      'v1.64.8',
      /Input "golangci-lint-version" is "v1\.64\.8"; expected a v2 release such as v2\.15\.0: go-gate runs golangci-lint v2 \(v1 configs can be converted with `golangci-lint migrate`\)/
    ],
    [
      'wait-for',
      'ftp://x',
      /Input "wait-for" is "ftp:\/\/x"; expected tcp:\/\/host:port, http:\/\/host\[:port\]\/path or https:\/\/host\[:port\]\/path/
    ]
  ])('%s=%s', async (input, value, message) => {
    const run = await runAction({
      workspace: fixtureRoot('integration-service'),
      inputs: { ...BASE, stages: 'tidy, unit, integration, build', [input]: value }
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['root-cause-kind']).toBe('invalid-input')
    // The root-cause output is bounded; the error annotation carries the whole message.
    expect(run.outputs['root-cause']).toMatch(/^go-gate could not start with an invalid input: Input "/)
    expect(run.annotations.filter((a) => a.severity === 'error').map((a) => a.message)).toContainEqual(
      expect.stringMatching(message)
    )
    expect(summaryHeadline(run.summary)).toContain('go-gate could not start')
    expect(run.stdout).not.toMatch(/^\$ go /m)
  })
})
