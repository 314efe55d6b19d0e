import { describe, expect, test } from '@jest/globals'
import type { StageRunner } from '../../src/pipeline/context.js'
import { emptyStageResult } from '../../src/pipeline/context.js'
import {
  fileAppears,
  onlyMarker,
  pidFiles,
  processAlive,
  processExits,
  runFixture,
  testEnv
} from './support.js'

/** A lint stage that finds one issue: what the pipeline does next is under test, not lint. */
const failingLint: StageRunner = async () => ({
  ...emptyStageResult('lint'),
  status: 'failed',
  command: 'golangci-lint run',
  failures: [
    {
      kind: 'lint',
      stage: 'lint',
      severity: 'error',
      location: { file: 'inventory/store.go', line: 26 },
      title: 'errcheck: Error return value is not checked',
      message: 'errcheck: Error return value is not checked'
    }
  ]
})

const pidFile = pidFiles()

describe('gating', () => {
  test('a lint failure skips unit and the later stages under fail-fast, with the reason', async () => {
    const run = await runFixture(
      'integration-only',
      { stages: 'lint, unit, build' },
      { runners: { lint: failingLint } }
    )
    expect(run.report.result).toBe('failure')
    expect(run.report.rootCause?.kind).toBe('lint')
    expect(run.report.stages.map((s) => [s.stage, s.status, s.skipReason])).toEqual([
      ['lint', 'failed', undefined],
      ['unit', 'skipped', 'the lint stage failed first (fail-fast)'],
      ['build', 'skipped', 'the lint stage failed first (fail-fast)']
    ])
    expect(run.reporter.commands()).toEqual([])
  })

  test('the real lint stage: findings in lint-findings skip unit', async () => {
    const run = await runFixture('lint-findings', { stages: 'lint, unit' })
    expect(run.report.rootCause?.kind).toBe('lint')
    expect(run.report.rootCause?.stage).toBe('lint')
    expect(run.stage('unit').status).toBe('skipped')
    expect(run.stage('unit').skipReason).toBe('the lint stage failed first (fail-fast)')
    expect(run.reporter.commands().some((c) => c.startsWith('go test'))).toBe(false)
  })

  test('fail-fast false runs every stage; the root cause is still the first failure in pipeline order', async () => {
    const run = await runFixture(
      'integration-only',
      { stages: 'lint, unit, integration', 'fail-fast': 'false' },
      { runners: { lint: failingLint } }
    )
    expect(run.report.stages.map((s) => [s.stage, s.status])).toEqual([
      ['lint', 'failed'],
      ['unit', 'passed'],
      ['integration', 'failed']
    ])
    expect(run.report.rootCause?.kind).toBe('lint')
    expect(run.reporter.groups).toEqual(['go-gate: lint', 'go-gate: unit', 'go-gate: integration'])
  })

  test('stage-timeout stops the stage and its test binary, and names the stage and the command', async () => {
    const pid = pidFile()
    const run = await runFixture(
      'pipeline-slow',
      { stages: 'unit, build', 'stage-timeout': '10s' },
      { env: testEnv({ GATE_PID_FILE: pid }) }
    )

    const cause = run.report.rootCause
    expect(cause?.kind).toBe('timeout')
    expect(cause?.stage).toBe('unit')
    expect(cause?.title).toBe(
      'The unit stage ran past stage-timeout (10s) and was stopped while running `go test -json -timeout 2m -failfast -coverprofile=' +
        `${run.stage('unit').command?.split('-coverprofile=')[1].split(' ')[0]} ./...\``
    )
    expect(run.stage('build').skipReason).toBe('the unit stage failed first (fail-fast)')
    // The test binary started (it wrote its pid before its 30s wait) and was stopped with the stage.
    const testBinary = Number(await fileAppears(pid))
    expect(await processExits(testBinary)).toBe(true)
  })

  test('cancellation stops the running stage: cancelled, later stages skipped, the test binary gone', async () => {
    const pid = pidFile()
    const controller = new AbortController()
    const running = runFixture(
      'pipeline-slow',
      { stages: 'unit, build' },
      { env: testEnv({ GATE_PID_FILE: pid }), signal: controller.signal }
    )
    const testBinary = Number(await fileAppears(pid))
    expect(processAlive(testBinary)).toBe(true)
    controller.abort()
    const run = await running

    expect(run.report.rootCause?.kind).toBe('cancelled')
    expect(run.report.rootCause?.stage).toBe('unit')
    expect(run.stage('build').skipReason).toBe('the run was cancelled')
    expect(await processExits(testBinary)).toBe(true)
  })
})

describe('environment', () => {
  test("go.mod's go line needs a newer Go than runs, GOTOOLCHAIN=local: toolchain in setup, nothing runs", async () => {
    const marker = onlyMarker('toolchain-newer-go')
    const run = await runFixture('toolchain-newer-go', { stages: 'tidy, unit, build' })
    const cause = run.report.rootCause
    expect(cause?.kind).toBe('toolchain')
    expect(marker.kind).toBe('toolchain')
    expect(cause?.stage).toBe('setup')
    expect(cause?.location).toEqual({ file: 'go.mod', line: marker.line })
    expect(cause?.title).toMatch(
      /^go\.mod requires go >= 1\.99, but the Go that runs is go1\.\d+\.\d+ \(GOTOOLCHAIN=local\)$/
    )
    expect(run.report.environment?.goModGo).toBe('1.99')
    expect(run.report.stages.map((s) => [s.stage, s.status, s.skipReason])).toEqual([
      ['tidy', 'skipped', 'set-up failed first (toolchain)'],
      ['unit', 'skipped', 'set-up failed first (toolchain)'],
      ['build', 'skipped', 'set-up failed first (toolchain)']
    ])
    expect(run.reporter.commands()).toEqual([])
  })

  test('GOTOOLCHAIN=auto that cannot fetch the newer Go: toolchain in setup, at the go line', async () => {
    const marker = onlyMarker('toolchain-newer-go')
    const run = await runFixture(
      'toolchain-newer-go',
      { stages: 'unit' },
      { env: testEnv({ GOTOOLCHAIN: 'auto', GOPROXY: 'off' }) }
    )
    expect(run.report.rootCause?.kind).toBe('toolchain')
    expect(run.report.rootCause?.location).toEqual({ file: 'go.mod', line: marker.line })
    expect(run.report.rootCause?.message).toContain('toolchain not available')
  })

  test('race with CGO_ENABLED=0: toolchain in setup', async () => {
    const run = await runFixture(
      'integration-only',
      { stages: 'unit', race: 'true' },
      { env: testEnv({ CGO_ENABLED: '0' }) }
    )
    expect(run.report.rootCause?.kind).toBe('toolchain')
    expect(run.report.rootCause?.title).toBe(
      'race is true, but cgo is off (CGO_ENABLED=0) and go test -race requires cgo'
    )
    expect(run.report.environment?.cgoEnabled).toBe('0')
    expect(run.reporter.commands()).toEqual([])
  })

  test('the fingerprint names the Go, the go.mod lines and the settings', async () => {
    const run = await runFixture(
      'integration-only',
      { stages: 'build' },
      { env: testEnv({ RUNNER_OS: 'Linux' }) }
    )
    expect(run.report.environment).toEqual({
      goVersion: expect.stringMatching(/^go1\.\d+/),
      goModGo: '1.22',
      goModToolchain: undefined,
      goos: expect.any(String),
      goarch: expect.any(String),
      cgoEnabled: expect.stringMatching(/^[01]$/),
      goflags: '-buildvcs=false',
      goproxy: expect.any(String),
      runnerOs: 'Linux'
    })
  })
})
