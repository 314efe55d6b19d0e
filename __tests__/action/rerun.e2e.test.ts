// rerun-failed end to end on real Go: the flaky fixture's tests fail on their first
// run and pass after (keyed on a file in a temp folder), and the gate says so.

import { type ChildProcess, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, test } from '@jest/globals'
import { fileAppears, pidFiles, processAlive, processExits } from '../pipeline/support.js'
import { summaryHeadline } from '../support/markdown.js'
import { type ActionRun, loadFixture, REPO_ROOT, runAction } from '../support/runner.js'

const fixture = loadFixture('flaky')
const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const pidFile = pidFiles()

/** Runs the unit stage on the flaky fixture with a fresh state folder: every test's first run is its first. */
function run(
  inputs: Record<string, string>,
  repo = fixture.root,
  more: { env?: NodeJS.ProcessEnv; onSpawn?: (child: ChildProcess) => void } = {}
): Promise<ActionRun> {
  const state = mkdtempSync(path.join(os.tmpdir(), 'go-gate-flaky-'))
  dirs.push(state)
  return runAction({
    workspace: repo,
    inputs: { stages: 'unit', cache: 'false', ...inputs },
    env: { GO_GATE_FLAKY_DIR: state, ...more.env },
    onSpawn: more.onSpawn
  })
}

const SETTLES = fixture.markers.find((m) => m.test === 'TestSettles')
const NAMES = fixture.markers.find((m) => m.test?.startsWith('TestNames/'))

describe('rerun-failed on real Go', () => {
  test('tests that fail once and then pass are flaky: green, warned on their first failure’s line, listed', async () => {
    const result = await run({ packages: './flaky', 'rerun-failed': '2' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.result).toBe('success')
    expect(result.outputs['tests-flaky']).toBe('2')
    expect(result.outputs['flaky-tests'].split('\n')).toEqual([
      'example.com/flaky/flaky.TestSettles',
      'example.com/flaky/flaky.TestNames/a_b/c.d(e)[f]*+?'
    ])
    expect(result.outputs['tests-failed']).toBe('0')
    const warnings = result.annotations.filter((a) => a.severity === 'warning')
    expect(warnings.map((a) => [a.file, a.line])).toEqual(
      expect.arrayContaining([
        [SETTLES?.file, SETTLES?.line],
        [NAMES?.file, NAMES?.line]
      ])
    )
    const settles = warnings.find((a) => a.line === SETTLES?.line)
    expect(settles?.title).toBe(
      'test failure in TestSettles (flaky: failed on the first run, passed on attempt 2 of 2)'
    )
    expect(settles?.message).toContain('the queue had not settled yet')
    expect(result.summary).toContain('### unit: Flaky tests')
    expect(result.summary).toContain('failed on the first run, passed on attempt 2 of 2')
    // The subtest's rerun selected it alone: its sibling whose name only adds a character did not run.
    expect(result.log).toContain("-run '^TestNames$/^a_b$/^c\\.d\\(e\\)\\[f\\]\\*\\+\\?$'")
  })

  test('flaky: fail keeps the gate red and names the test as flaky', async () => {
    const result = await run({ packages: './flaky', 'rerun-failed': '1', flaky: 'fail' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs['root-cause-kind']).toBe('test-failure')
    expect(result.outputs['root-cause']).toContain('TestSettles')
    expect(result.outputs['root-cause']).toContain('flaky: failed on the first run, passed on attempt 2 of 2')
    expect(result.outputs['tests-flaky']).toBe('2')
  })

  test('a test that fails every attempt is the root cause, failed 3 of 3 attempts', async () => {
    const result = await run({ packages: './always', 'rerun-failed': '2' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs['root-cause']).toContain('TestAlwaysBroken')
    expect(result.outputs['root-cause']).toContain('(failed 3 of 3 attempts)')
    expect(summaryHeadline(result.summary)).toContain('always/always_test.go:6')
    expect(result.outputs['tests-flaky']).toBe('0')
  })

  test('a flaky test does not hide a real failure after it in the same package (no -failfast with reruns)', async () => {
    const result = await run({ packages: './mixed', 'rerun-failed': '2', 'fail-fast': 'true' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs['root-cause']).toContain('TestBReallyBroken')
    expect(result.outputs['root-cause']).toContain('(failed 3 of 3 attempts)')
    expect(result.outputs['flaky-tests']).toBe('example.com/flaky/mixed.TestAFlaky')
    expect(result.log).not.toContain('-failfast')
  })

  test('more failures than rerun-max-failures: nothing is rerun, and the summary says why', async () => {
    const result = await run({ packages: './mixed', 'rerun-failed': '2', 'rerun-max-failures': '1' })
    expect(result.exitCode).toBe(1)
    expect(result.log).not.toContain('Rerunning')
    expect(result.outputs['tests-flaky']).toBe('0')
    expect(result.summary).toContain('2 failed, more than rerun-max-failures (1)')
  })

  test('a data race is never rerun', async () => {
    const race = loadFixture('race')
    const result = await run({ packages: race.packages, 'rerun-failed': '2' }, race.root)
    expect(result.exitCode).toBe(1)
    expect(result.outputs['root-cause-kind']).toBe('data-race')
    expect(result.log).not.toContain('Rerunning')
    expect(result.summary).toContain('Failed tests were not rerun: the stage has a data race')
  })

  test('the integration stage reruns too', async () => {
    const result = await run({
      stages: 'integration',
      'integration-packages': './flaky',
      'rerun-failed': '1'
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['tests-flaky']).toBe('2')
    expect(result.summary).toContain('### integration: Flaky tests')
  })

  test('a rerun is cancelled with the stage: SIGTERM stops the rerun binary and the first failure stands', async () => {
    const pid = pidFile()
    let child: ChildProcess | undefined
    const running = run({ packages: './hangs', 'rerun-failed': '1' }, fixture.root, {
      env: { GATE_PID_FILE: pid },
      onSpawn: (c) => {
        child = c
      }
    })
    // The rerun's test binary is running once it wrote its pid.
    const testBinary = Number(await fileAppears(pid))
    expect(processAlive(testBinary)).toBe(true)
    child?.kill('SIGTERM')
    const result = await running
    expect(result.exitCode).toBe(1)
    expect(result.outputs.result).toBe('failure')
    expect(result.outputs['root-cause-kind']).toBe('cancelled')
    expect(result.outputs['tests-flaky']).toBe('0')
    expect(result.summary).toContain('The reruns were stopped with the stage')
    expect(await processExits(testBinary)).toBe(true)
  })

  test('a rerun is bounded by stage-timeout: the hanging rerun is stopped and the stage reports the timeout', async () => {
    const pid = pidFile()
    // The first run fails at once; its rerun hangs for minutes, so only stage-timeout can end it.
    const result = await run(
      { packages: './hangs', 'rerun-failed': '1', 'stage-timeout': '25s' },
      fixture.root,
      {
        env: { GATE_PID_FILE: pid }
      }
    )
    const testBinary = Number(readFileSync(pid, 'utf8'))
    expect(result.exitCode).toBe(1)
    expect(result.outputs.result).toBe('failure')
    expect(result.outputs['root-cause-kind']).toBe('timeout')
    expect(result.outputs['root-cause']).toMatch(/^The unit stage failed with a timeout/)
    expect(result.outputs['tests-flaky']).toBe('0')
    expect(await processExits(testBinary)).toBe(true)
  })

  test('bad rerun input is refused before anything runs', async () => {
    const result = await run({ packages: './flaky', 'rerun-failed': 'twice' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs['root-cause-kind']).toBe('invalid-input')
    expect(result.outputs['root-cause']).toContain(
      'Input "rerun-failed" is "twice"; expected a whole number from 0 to 5.'
    )
    expect(result.log).not.toContain('$ go test')
  })
})

describe('quarantine on real Go', () => {
  test('a quarantined failing test is a notice, the gate green; a quarantined test that passed can be released', async () => {
    const marker = fixture.markers.find((m) => m.test === 'TestKnownBad')
    const result = await run({
      packages: './quarantined',
      quarantine: 'example.com/flaky/quarantined.TestKnownBad\nTestRecov*'
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.result).toBe('success')
    const notice = result.annotations.find((a) => a.severity === 'notice' && a.line === marker?.line)
    expect(notice?.file).toBe(marker?.file)
    expect(notice?.title).toBe('test failure in TestKnownBad (quarantined, not blocking)')
    expect(notice?.message).toContain('Quarantined test TestKnownBad failed (not blocking).')
    expect(notice?.message).toContain('the clock skew check is off by one')
    expect(result.summary).toContain('### unit: Quarantined tests')
    expect(result.summary).toContain(
      '`TestRecovered` in `example.com/flaky/quarantined` passed: it can be released'
    )
    expect(result.summary).not.toContain('`TestRecovered/sub_case`')
  })

  test('without the quarantine the same test fails the gate', async () => {
    const result = await run({ packages: './quarantined', quarantine: 'TestOther' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs['root-cause']).toContain('TestKnownBad')
  })
})

describe('the CLI', () => {
  test('go-gate run names the flaky and quarantined tests in the terminal', () => {
    const state = mkdtempSync(path.join(os.tmpdir(), 'go-gate-flaky-'))
    dirs.push(state)
    const result = spawnSync(
      process.execPath,
      [
        path.join(REPO_ROOT, 'dist', 'cli', 'index.js'),
        'run',
        fixture.root,
        '--stages',
        'unit',
        '--packages',
        './flaky ./quarantined',
        '--rerun-failed',
        '1',
        '--quarantine',
        'TestKnownBad'
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, GOTOOLCHAIN: 'local', NO_COLOR: '1', GO_GATE_FLAKY_DIR: state },
        timeout: 170_000
      }
    )
    expect(result.status).toBe(0)
    expect(result.stdout).toContain(
      `flaky: example.com/flaky/flaky.TestSettles at ${SETTLES?.file}:${SETTLES?.line} passed on attempt 2 of 2`
    )
    expect(result.stdout).toContain(
      'quarantined: example.com/flaky/quarantined.TestKnownBad failed (not blocking)'
    )
  })
})
