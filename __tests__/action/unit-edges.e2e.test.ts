// The unit stage at its edges: fail-fast, bad input, no go, output it cannot
// explain, hostile test output, and a summary that must stay under 1 MiB.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import {
  foreignTags,
  renderedOutsideCode,
  renderMarkdown,
  summaryHeadline,
  visibleText
} from '../support/markdown.js'
import { fixtureInputs, loadFixture, runAction } from '../support/runner.js'

describe('fail-fast', () => {
  test('true: stops at the first failed package and lists the ones that did not run', async () => {
    const fixture = loadFixture('failfast')
    const run = await runAction({
      workspace: fixture.root,
      inputs: { ...fixtureInputs(fixture), 'fail-fast': 'true' }
    })
    expect(run.outputs['root-cause-kind']).toBe('test-failure')
    expect(run.outputs['root-cause']).toContain('TestTotal')
    // Named once, with what happened to it: in the package table, or among the packages that never started.
    expect(run.summary).toMatch(
      /\| `example\.com\/failfast\/reports` \| (?:stopped|not run) \||never started<\/summary>\n\n- `example\.com\/failfast\/reports`/
    )
    expect(run.annotations.filter((a) => a.severity === 'error')).toHaveLength(1)
  })

  test('true, one package: the summary names the tests that never ran, in plain words', async () => {
    const fixture = loadFixture('failfast-single')
    const run = await runAction({
      workspace: fixture.root,
      inputs: { ...fixtureInputs(fixture), 'fail-fast': 'true' }
    })
    expect(run.outputs['root-cause-kind']).toBe('test-failure')
    expect(run.outputs['root-cause']).toContain('TestParse')
    const seen = visibleText(renderMarkdown(run.summary))
    expect(seen).toContain(
      'unit: Stopped at the first failure (fail-fast): TestFormat and TestRoundTrip in example.com/failfastsingle never ran.'
    )
    // One package: nothing about packages that did not finish, and no flag name without words.
    expect(seen).not.toMatch(/did not finish|fail-fast: stopped after/)
  })

  test('false: every package runs and every failure is reported', async () => {
    const fixture = loadFixture('failfast')
    const run = await runAction({
      workspace: fixture.root,
      inputs: { ...fixtureInputs(fixture), 'fail-fast': 'false' }
    })
    expect(run.outputs['root-cause-kind']).toBe('test-failure')
    expect(run.summary).not.toContain('stopped before they finished')
    // TestYear ran to the end and passed.
    expect(run.outputs['tests-passed']).toBe('1')
  })
})

describe('bad input gets invalid-input or toolchain, and nothing runs', () => {
  const fixture = loadFixture('passing')
  test.each([
    [
      'stages',
      'unit, deploy',
      /Input "stages".*"deploy" is not a stage.*tidy, lint, unit, integration, build/
    ],
    ['race', 'maybe', /Input "race" is "maybe"; expected true or false/],
    ['test-timeout', 'ten minutes', /Input "test-timeout".*Go duration/],
    [
      'coverage-threshold',
      'eighty',
      /Input "coverage-threshold" is "eighty"; expected a percent from 0 to 100/
    ],
    ['coverage-threshold', '120', /Input "coverage-threshold" is "120"/],
    ['go-test-flags', '-run X | rm -rf /', /Input "go-test-flags".*pipes/]
  ])('%s=%s', async (input, value, message) => {
    const run = await runAction({
      workspace: fixture.root,
      inputs: { ...fixtureInputs(fixture), [input]: value }
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['root-cause-kind']).toBe('invalid-input')
    expect(run.outputs['root-cause']).toMatch(message)
    expect(summaryHeadline(run.summary)).toContain('go-gate could not start')
    // Nothing ran: no go test command in the log.
    expect(run.stdout).not.toContain('go test -json')
  })

  test('a working-directory without go.mod', async () => {
    const run = await runAction({
      workspace: fixture.root,
      inputs: { ...fixtureInputs(fixture), 'working-directory': 'ratelimit' }
    })
    expect(run.outputs['root-cause-kind']).toBe('invalid-input')
    expect(run.outputs['root-cause']).toMatch(/Input "working-directory" is "ratelimit".*go\.mod/)
  })

  test('no go on PATH is a toolchain failure', async () => {
    const run = await runAction({
      workspace: fixture.root,
      inputs: fixtureInputs(fixture),
      // The action is started by absolute path; only go is looked up on PATH.
      env: { PATH: mkdtempSync(path.join(os.tmpdir(), 'go-gate-empty-path-')) }
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['root-cause-kind']).toBe('toolchain')
    expect(run.outputs['root-cause']).toMatch(/no `go` on PATH/)
  })
})

describe('cached results', () => {
  test('a second run served from the test cache reports the same counts, marked cached', async () => {
    const fixture = loadFixture('passing')
    const first = await runAction({ workspace: fixture.root, inputs: fixtureInputs(fixture) })
    const second = await runAction({ workspace: fixture.root, inputs: fixtureInputs(fixture) })
    expect(second.outputs.result).toBe('success')
    expect(second.outputs['tests-passed']).toBe(first.outputs['tests-passed'])
    expect(second.outputs.coverage).toBe(first.outputs.coverage)
    expect(second.summary).toMatch(/\| passed \(cached\) \|/)
  })
})

describe('never green when go is red', () => {
  test('go test failing before any package runs is a failure with the raw tail', async () => {
    const fixture = loadFixture('passing')
    const run = await runAction({
      workspace: fixture.root,
      inputs: { ...fixtureInputs(fixture), 'go-test-flags': '-count=abc' }
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('failure')
    expect(run.summary).toContain('could not explain')
    expect(run.summary).toContain('invalid value "abc" for flag -count')
  })
})

describe('hostile test output', () => {
  test('workflow commands printed by tests do not reach the runner', async () => {
    const fixture = loadFixture('workflow-commands')
    const run = await runAction({ workspace: fixture.root, inputs: fixtureInputs(fixture) })
    expect(run.masks).toEqual([])
    expect(run.commands.filter((c) => c.command === 'set-output')).toEqual([])
    // The only error annotation is go-gate's own; the printed ::error and ##[error] were not obeyed.
    const errors = run.annotations.filter((a) => a.severity === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0].file).toBe('deploy/deploy_test.go')
    expect(run.annotations.filter((a) => a.file === 'x.go' || a.file === 'deploy/deploy.go')).toEqual([])
    expect(run.outputs.result).toBe('failure')
    // The raw lines were still shown in the log.
    expect(run.stdout).toContain('::add-mask::secret')
  })

  test('Markdown and HTML in test names and output are escaped in the summary', async () => {
    const fixture = loadFixture('markdown-names')
    const run = await runAction({ workspace: fixture.root, inputs: fixtureInputs(fixture) })
    expect(run.outputs['root-cause-kind']).toBe('test-failure')
    const html = renderedOutsideCode(run.summary)
    expect(foreignTags(html)).toEqual([])
    expect(html).not.toContain('<strong>bold</strong>')
    expect(run.summary).toContain('TestHTML/<script>alert(1)</script>')
  })

  test('thousands of failures keep the summary under 1 MiB and annotations at 10', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'go-gate-many-'))
    mkdirSync(path.join(root, 'bulk'))
    writeFileSync(path.join(root, 'go.mod'), 'module example.com/many\n\ngo 1.22\n')
    writeFileSync(
      path.join(root, 'bulk', 'bulk_test.go'),
      `package bulk

import (
	"fmt"
	"strings"
	"testing"
)

func TestMany(t *testing.T) {
	for i := 0; i < 3000; i++ {
		t.Run(fmt.Sprintf("case_%d", i), func(t *testing.T) {
			t.Log(strings.Repeat("context ", 40))
			t.Errorf("case %d: got %d, want %d <b>%s</b>", i, i, i+1, strings.Repeat("x", 300))
		})
	}
}
`
    )
    const run = await runAction({
      workspace: root,
      inputs: { stages: 'unit', race: 'false', cache: 'false', 'fail-fast': 'false' }
    })
    expect(run.outputs['root-cause-kind']).toBe('test-failure')
    expect(run.outputs['tests-failed']).toBe('3001')
    expect(Buffer.byteLength(run.summary)).toBeLessThan(1024 * 1024)
    expect(run.summary).toMatch(/\d+ more failures not shown/)
    expect(run.annotations.filter((a) => a.severity === 'error').length).toBeLessThanOrEqual(10)
    expect(run.annotations.filter((a) => a.severity === 'error')[0].line).toBe(13)
  })
})
