// A go command that go-gate stops (fail-fast, stage-timeout) never removes its
// go-build* work folder: go-gate gives every go command a GOTMPDIR of its own and
// removes it when the stage ends, so a stopped run leaves nothing in TMPDIR.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, test } from '@jest/globals'
import { runFixture, testEnv } from './support.js'

const made: string[] = []
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A TMPDIR of the test's own, so whatever the run leaves there can be counted. */
function freshTmpdir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'go-gate-tmpdir-test-'))
  made.push(dir)
  return dir
}

/** Everything left in the folder, go-build* work folders included, at any depth. */
function leftovers(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
}

describe('GOTMPDIR', () => {
  test('a fail-fast stop of go test leaves no go-build folder behind', async () => {
    const tmp = freshTmpdir()
    // -count=1: the slow package must run, not come from the test cache, for the stop to cut it short.
    const run = await runFixture(
      'failfast',
      { stages: 'unit', race: 'false', 'go-test-flags': '-count=1' },
      { env: testEnv({ TMPDIR: tmp, RUNNER_TEMP: tmp }) }
    )
    expect(run.report.rootCause?.kind).toBe('test-failure')
    // billing's one test ran; the slow package was cut short.
    expect(run.stage('unit').notes).toContain(
      'Stopped at the first failure (fail-fast): example.com/failfast/reports did not finish.'
    )
    expect(leftovers(tmp)).toEqual([])
  })

  test('a stage-timeout stop of go test leaves no go-build folder behind', async () => {
    const tmp = freshTmpdir()
    const run = await runFixture(
      'pipeline-slow',
      { stages: 'unit', race: 'false', 'stage-timeout': '3s', 'go-test-flags': '-count=1' },
      { env: testEnv({ TMPDIR: tmp, RUNNER_TEMP: tmp }) }
    )
    expect(run.report.rootCause?.kind).toBe('timeout')
    expect(leftovers(tmp)).toEqual([])
  })
})
