// report-file is always written: also when an input is refused and nothing ran.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { readReportJson } from '../../src/report/report-json.js'
import { REPO_ROOT, runAction } from '../support/runner.js'

describe('report-file', () => {
  test('an invalid input: the step fails, and the report file says why', async () => {
    const run = await runAction({
      workspace: path.join(REPO_ROOT, '__tests__', 'fixtures', 'shard-merge'),
      inputs: { mode: 'shard', cache: 'false' }
    })
    expect(run.exitCode).toBe(1)
    const file = run.outputs['report-file']
    expect(path.basename(file)).toBe('report.json')
    const { report } = readReportJson(readFileSync(file, 'utf8'), file)
    expect(report.result).toBe('failure')
    expect(report.rootCause?.kind).toBe('invalid-input')
    expect(report.rootCause?.message).toBe(
      'Input "mode" is "shard"; expected gate (run the stages) or merge (merge the results of sharded jobs).'
    )
  })
})
