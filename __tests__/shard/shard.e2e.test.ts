// Sharding end to end: the bundled action runs __tests__/fixtures/shard-many (twelve packages,
// uneven test counts, one without tests) as three shards, and together they run exactly the
// packages an unsharded run runs, each once; a shard with no packages passes; a bad `shard` is
// refused before any go command runs.
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { REPO_ROOT, runAction } from '../support/runner.js'

const FIXTURE = path.join(REPO_ROOT, '__tests__', 'fixtures', 'shard-many')
const inputs = { stages: 'unit', race: 'false', cache: 'false' }
const scratch = mkdtempSync(path.join(tmpdir(), 'go-gate-shard-test-'))

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** The import paths of a stage's package table in the summary. */
function packagesRun(summary: string, stage = 'unit'): string[] {
  return [...summary.matchAll(new RegExp(`^\\| ${stage} \\| \`([^\`]+)\` \\|`, 'gm'))].map((m) => m[1])
}

describe('three shards of a dozen packages', () => {
  test('together run every package of the unsharded run exactly once, each summary saying why', async () => {
    const whole = await runAction({ workspace: FIXTURE, inputs })
    expect(whole.exitCode).toBe(0)
    const all = packagesRun(whole.summary)
    expect(all).toHaveLength(12)
    expect(all).toContain('example.com/shardmany/lima')

    const shards = []
    for (const i of [1, 2, 3])
      shards.push(await runAction({ workspace: FIXTURE, inputs: { ...inputs, shard: `${i}/3` } }))
    const ran = shards.map((run) => packagesRun(run.summary))
    for (const [i, run] of shards.entries()) {
      expect(run.exitCode).toBe(0)
      expect(run.outputs.result).toBe('success')
      expect(ran[i].length).toBeGreaterThan(0)
      // 45 test functions (lima weighs 1) split 15, 15, 15.
      expect(run.summary).toContain(
        `**unit:** Shard ${i + 1}/3 ran ${ran[i].length} of 12 packages, assigned by their number of test functions, as no timings record knew these packages: 15 test functions here; this is the most loaded shard.`
      )
    }
    const union = ran.flat()
    expect(new Set(union).size).toBe(union.length)
    expect([...union].sort()).toEqual([...all].sort())
    const passed = shards.reduce((n, run) => n + Number(run.outputs['tests-passed']), 0)
    expect(passed).toBe(Number(whole.outputs['tests-passed']))
  })

  test('a shard that gets no package skips its tests and passes, saying why', async () => {
    const run = await runAction({ workspace: FIXTURE, inputs: { ...inputs, shard: '13/13' } })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('success')
    expect(run.outputs['tests-passed']).toBe('0')
    expect(run.summary).toContain('| unit | ⏭️ skipped: shard 13/13 got no packages |')
    expect(run.summary).toContain(
      '**unit:** Shard 13/13 got no packages: 12 packages over 13 shards leave 1 shard empty.'
    )
    expect(packagesRun(run.summary)).toEqual([])
  })
})

describe('coverage-threshold in a shard', () => {
  test('is left to the merged total: one shard of several measured its own packages only', async () => {
    const run = await runAction({
      workspace: FIXTURE,
      inputs: { ...inputs, shard: '1/3', 'coverage-threshold': '99' }
    })
    expect(run.exitCode).toBe(0)
    expect(run.summary).toMatch(
      /> unit: Coverage \d+\.\d% is this shard's packages only, so the 99% threshold is checked on the merged total \(mode: merge\), not here\./
    )
    // On a pull request, the comparison with the base branch and patch coverage are the merge's too.
    const pr = await runAction({
      workspace: FIXTURE,
      inputs: { ...inputs, shard: '2/3', 'coverage-threshold': '99' },
      env: {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: path.join(REPO_ROOT, '__tests__', 'fixtures', 'events', 'pull_request.json')
      }
    })
    expect(pr.exitCode).toBe(0)
    expect(pr.summary).toMatch(
      /> unit: Coverage \d+\.\d% is this shard's packages only, so the 99% threshold, the comparison with the base branch and patch coverage are checked on the merged total \(mode: merge\), not here\./
    )
    // One shard of one is the whole run: gated as usual.
    const whole = await runAction({
      workspace: FIXTURE,
      inputs: { ...inputs, shard: '1/1', 'coverage-threshold': '99' }
    })
    expect(whole.exitCode).toBe(1)
    expect(whole.outputs['root-cause-kind']).toBe('coverage-below-threshold')
  })
})

describe('the integration stage', () => {
  test('is split on its own, over the packages its tags list, beside the unit stage', async () => {
    const both = { ...inputs, stages: 'unit, integration' }
    const runs = []
    for (const i of [1, 2])
      runs.push(await runAction({ workspace: FIXTURE, inputs: { ...both, shard: `${i}/2` } }))
    for (const [i, run] of runs.entries()) {
      expect(run.exitCode).toBe(0)
      expect(run.summary).toMatch(
        new RegExp(`^\\*\\*unit:\\*\\* Shard ${i + 1}/2 ran \\d+ of 12 packages`, 'm')
      )
      expect(run.summary).toMatch(
        new RegExp(`^\\*\\*integration:\\*\\* Shard ${i + 1}/2 ran \\d+ of 12 packages`, 'm')
      )
    }
    const integration = runs.map((run) => packagesRun(run.summary, 'integration'))
    expect(integration.flat().sort()).toEqual(
      packagesRun(runs[0].summary).concat(packagesRun(runs[1].summary)).sort()
    )
    // The tagged tests (three in delta, one in juliet) weigh in the integration split: 49 over two shards.
    const loads = runs.map((run) =>
      Number(/^\*\*integration:\*\* .*: (\d+) test functions here/m.exec(run.summary)?.[1])
    )
    expect(loads[0] + loads[1]).toBe(49)
    const ranIntegration = runs.flatMap((run) => /TestIntegrationScale\w*/.exec(run.stdout) ?? [])
    expect(ranIntegration.length).toBeGreaterThan(0)
  })
})

describe('an integration shard with no packages', () => {
  test('waits for no service: it skips before wait-for', async () => {
    const run = await runAction({
      workspace: FIXTURE,
      inputs: {
        ...inputs,
        stages: 'integration',
        shard: '13/13',
        'wait-for': 'tcp://127.0.0.1:9',
        'wait-for-timeout': '60s'
      }
    })
    expect(run.exitCode).toBe(0)
    expect(run.summary).toContain('| integration | ⏭️ skipped: shard 13/13 got no packages |')
    expect(run.stdout).not.toContain('waiting up to')
    // Shard 1 has packages, so it waits, and the closed port fails it.
    const first = await runAction({
      workspace: FIXTURE,
      inputs: {
        ...inputs,
        stages: 'integration',
        shard: '1/13',
        'wait-for': 'tcp://127.0.0.1:9',
        'wait-for-timeout': '1s'
      }
    })
    expect(first.exitCode).toBe(1)
    expect(first.outputs['root-cause-kind']).toBe('dependency')
    expect(first.summary).toContain('**integration:** Shard 1/13 ran 1 of 12 packages')
  })
})

describe('a bad shard input', () => {
  // A `go` on PATH that leaves a mark, then runs the real one.
  const bin = path.join(scratch, 'bin')
  const mark = path.join(scratch, 'go-ran')
  const env = { PATH: `${bin}${path.delimiter}${process.env.PATH}` }

  beforeAll(() => {
    const goPath = execFileSync('which', ['go'], { encoding: 'utf8' }).trim()
    mkdirSync(bin)
    writeFileSync(path.join(bin, 'go'), `#!/bin/sh\ntouch '${mark}'\nexec '${goPath}' "$@"\n`)
    chmodSync(path.join(bin, 'go'), 0o755)
  })

  test('the mark is left by any go command: a good shard leaves it', async () => {
    rmSync(mark, { force: true })
    const good = await runAction({ workspace: FIXTURE, inputs: { ...inputs, shard: '3/3' }, env })
    expect(good.exitCode).toBe(0)
    expect(existsSync(mark)).toBe(true)
  })

  test.each(['0/3', '4/3', '1/300', 'two/three', '2/3/4'])(
    '%j is refused before any go command',
    async (shard) => {
      rmSync(mark, { force: true })
      const run = await runAction({ workspace: FIXTURE, inputs: { ...inputs, shard }, env })
      expect(run.exitCode).toBe(1)
      expect(run.outputs['root-cause-kind']).toBe('invalid-input')
      expect(run.outputs['root-cause']).toContain(`Input "shard" is ${JSON.stringify(shard)}`)
      expect(run.summary).toContain('expected i/n with whole numbers 1 ≤ i ≤ n ≤ 256')
      expect(existsSync(mark)).toBe(false)
    }
  )
})
