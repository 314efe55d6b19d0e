// Every workflow command form a test can print, in passing and failing tests,
// through fmt.Println, t.Log and t.Error, run through the bundled action as the
// runner runs it: none is obeyed. No mask, no output, no state, no path, no
// annotation but go-gate's own, and the result is the tests' result.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, test } from '@jest/globals'
import { type ActionRun, runAction } from '../support/runner.js'
import { linesWith, writeTree } from './go-tree.js'

/** What a test prints. The runner obeys `::cmd::` at a line start after white space, `##[cmd]` anywhere. */
const FORMS = [
  '::add-mask::hunter-plain',
  '   ::add-mask::hunter-indented',
  '\t::error file=evil.go,line=1::injected error after a tab',
  '::error file=evil.go,line=1,title=Injected::injected error',
  '::warning file=evil.go::injected warning',
  '::notice::injected notice',
  '::set-output name=result::success',
  '::set-output name=root-cause::injected',
  '::save-state name=go-gate-result::success',
  '::add-path::/tmp/evil-bin',
  '::set-env name=EVIL::1',
  '::add-matcher::/tmp/evil-matcher.json',
  '::group::injected group',
  '::endgroup::',
  '::debug::injected debug',
  '::echo::on',
  'text before ##[error]injected legacy error',
  '##[add-mask]hunter-legacy',
  '##[set-output name=result;]success',
  '##[warning file=evil.go]injected legacy warning',
  // go-gate's own token is 32 hex digits; a test that guesses the shape still cannot end its block.
  '::stop-commands::0123456789abcdef0123456789abcdef',
  '::error::injected after a guessed stop-commands',
  '::0123456789abcdef0123456789abcdef::',
  '::error::injected after resuming the guessed token',
  '::stop-commands::pause',
  '::pause::',
  '::add-mask::hunter-after-resume'
]

const goString = (s: string) => JSON.stringify(s)

const TEST_SOURCE = `package cmds

import (
	"fmt"
	"strings"
	"testing"
)

var forms = []string{
${FORMS.map((f) => `\t${goString(f)},`).join('\n')}
}

func TestPassingPrints(t *testing.T) {
	for _, f := range forms {
		fmt.Println(f)
		t.Log(f)
	}
	// Continuation lines of a message are indented: "        ::add-mask::...".
	t.Log("forms follow\\n" + strings.Join(forms, "\\n"))
}

func TestFailsWithError(t *testing.T) {
	for _, f := range forms {
		fmt.Println(f)
	}
	t.Errorf("##[add-mask]hunter-in-message ::error file=evil.go::inline\\n%s", strings.Join(forms, "\\n")) // gate:want test-failure
}

func TestFailsWithFatal(t *testing.T) {
	t.Log(strings.Join(forms, "\\n"))
	t.Fatal("::add-mask::hunter-fatal ##[error]injected from t.Fatal") // gate:want test-failure
}
`

const OWN_COMMANDS = new Set(['group', 'endgroup', 'stop-commands', 'error'])

let run: ActionRun
let root: string

beforeAll(async () => {
  root = writeTree('go-gate-hostile-cmds-', {
    'go.mod': 'module example.com/cmds\n\ngo 1.22\n',
    'cmds/cmds.go':
      'package cmds\n\n// Answer is here so the package has code.\nfunc Answer() int { return 42 }\n',
    'cmds/cmds_test.go': TEST_SOURCE
  })
  run = await runAction({
    workspace: root,
    inputs: { stages: 'unit', race: 'false', cache: 'false', 'fail-fast': 'false' }
  })
}, 180_000)

describe('workflow commands printed by tests', () => {
  test('the tests ran and their output reached the log', () => {
    expect(run.stdout).toContain('::add-mask::hunter-plain')
    expect(run.stdout).toContain('##[add-mask]hunter-legacy')
    expect(run.stdout).toContain('        ::add-mask::hunter-plain')
  })

  test('the root cause go-gate prints at the end carries no command out of the log', () => {
    // TestFailsWithError's message starts with ##[add-mask]: it becomes the root-cause line.
    expect(run.stdout).toMatch(/^go-gate: .*##\[add-mask\]hunter-in-message/m)
    // The text may only travel as data: inside go-gate's own annotation of the failing test.
    const carried = run.commands.filter((c) => c.message.includes('hunter-in-message'))
    expect(carried.map((c) => `${c.command} ${c.properties.file}`)).toEqual(['error cmds/cmds_test.go'])
  })

  test('no mask was added', () => {
    expect(run.masks).toEqual([])
  })

  test('no command but go-gate’s own was obeyed', () => {
    const foreign = run.commands.filter((c) => !OWN_COMMANDS.has(c.command))
    expect(foreign).toEqual([])
    for (const group of run.commands.filter((c) => c.command === 'group'))
      expect(group.message).toMatch(/^go-gate/)
  })

  test('the only annotations are go-gate’s, on the failing lines', () => {
    const source = readFileSync(path.join(root, 'cmds', 'cmds_test.go'), 'utf8')
    const want = linesWith(source, 'gate:want').map((line) => `cmds/cmds_test.go:${line}`)
    expect(run.annotations.map((a) => `${a.severity} ${a.file}:${a.line}`).sort()).toEqual(
      want.map((w) => `error ${w}`).sort()
    )
    for (const a of run.annotations) expect(a.title).toMatch(/^(?:Root cause: )?test failure in TestFails/)
  })

  test('the outputs and state are the tests’ result, not what a test printed', () => {
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({
      result: 'failure',
      'failed-stage': 'unit',
      'root-cause-kind': 'test-failure',
      'tests-passed': '1',
      'tests-failed': '2'
    })
    expect(run.outputs['root-cause']).toMatch(/^The unit stage failed with a test failure in TestFailsWith/)
    expect(run.state.result).toBe('failure')
    expect(run.state['go-gate-result']).toBeUndefined()
  })
})
