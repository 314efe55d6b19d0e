// The unit stage end to end: the bundled action runs real `go test -json` on
// fixture repositories, and each test asserts what a user would see: the
// outputs, the first annotation's file and line, the summary's first sentence.
import { describe, expect, test } from '@jest/globals'
import type { RootCauseKind } from '../../src/model/report.js'
import { KIND_LABELS, KIND_PHRASES } from '../../src/report/kinds.js'
import { summaryHeadline } from '../support/markdown.js'
import { fixtureInputs, loadFixture, runAction } from '../support/runner.js'

const FAILING = [
  'assert-subtest',
  'helper',
  'panic',
  'timeout',
  'compile-test',
  'compile-src',
  'vet-error',
  'testmain-exit',
  'init-panic',
  'example-mismatch',
  'fuzz-seed',
  'subfolder',
  'long-output',
  'workflow-commands',
  'missing-module',
  'markdown-names',
  'race'
]

describe('unit stage on failing fixtures', () => {
  test.each(FAILING)('%s: root cause, annotation and summary', async (name) => {
    const fixture = loadFixture(name)
    const marker = fixture.markers[0]
    expect(marker).toBeDefined()
    const run = await runAction({ workspace: fixture.root, inputs: fixtureInputs(fixture) })

    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('failure')
    expect(run.outputs['failed-stage']).toBe('unit')
    expect(run.outputs['root-cause-kind']).toBe(fixture.expect.kind)
    expect(run.outputs['root-cause-kind']).toBe(marker.kind)

    // The first error annotation is the root cause, on the marked line.
    const first = run.annotations.find((a) => a.severity === 'error')
    expect(first).toBeDefined()
    expect(first?.file).toBe(marker.file)
    expect(first?.line).toBe(marker.line)
    expect(first?.title).toContain(KIND_LABELS[marker.kind as RootCauseKind])

    const headline = summaryHeadline(run.summary)
    expect(headline).toContain('The `unit` stage failed')
    expect(headline).toContain(`**${KIND_PHRASES[marker.kind as RootCauseKind].text}**`)
    expect(headline).toContain(`${marker.file}:${marker.line}`)
    if (fixture.expect.test) {
      expect(run.outputs['root-cause']).toContain(fixture.expect.test)
      expect(first?.title).toContain(fixture.expect.test)
    }
    expect(run.outputs['root-cause']).toContain(`${marker.file}:${marker.line}`)
  })

  test('parallel failures in two packages are both annotated', async () => {
    const fixture = loadFixture('parallel')
    const run = await runAction({
      workspace: fixture.root,
      inputs: { ...fixtureInputs(fixture), 'fail-fast': 'false' }
    })
    expect(run.outputs.result).toBe('failure')
    const errors = run.annotations.filter((a) => a.severity === 'error')
    const places = errors.map((a) => `${a.file}:${a.line}`).sort()
    expect(places).toEqual(fixture.markers.map((m) => `${m.file}:${m.line}`).sort())
    expect(run.summary).toContain('TestReserveOversell')
    expect(run.summary).toContain('TestDiscount/vip_customer')
    expect(Number(run.outputs['tests-failed'])).toBeGreaterThanOrEqual(2)
  })
})

describe('unit stage on passing fixtures', () => {
  test.each(['passing', 'passing-noisy'])('%s is green, with no annotations', async (name) => {
    const fixture = loadFixture(name)
    const run = await runAction({ workspace: fixture.root, inputs: fixtureInputs(fixture) })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('success')
    expect(run.outputs['root-cause-kind']).toBe('')
    expect(run.annotations.filter((a) => a.severity === 'error')).toEqual([])
    expect(Number(run.outputs['tests-passed'])).toBeGreaterThan(0)
    expect(run.outputs['tests-failed']).toBe('0')
    expect(summaryHeadline(run.summary)).toMatch(/^✅ go-gate passed/)
  })
})
