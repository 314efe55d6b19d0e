// What the CLI shows while Go runs. On a terminal (a real pseudo-terminal from
// util-linux `script`) one live line is redrawn in place with the elapsed time,
// packages done of total, tests passed and failed and the package running, and
// is cleared at the end; in a pipe, with NO_COLOR or with --no-progress, plain
// lines. Stage lines carry no "go-gate:" prefix and none is printed twice.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { type CliIO, TerminalReporter } from '../../src/cli/commands.js'
import { REPO_ROOT } from '../support/runner.js'

const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'index.js')
const CLEAR = '\r\u001b[2K'
const ARGS = ['run', 'examples/service', '--stages', 'tidy,unit', '--race=false']

function quote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`
}

/** Runs the CLI with standard error on a pseudo-terminal; standard output goes to a file. */
function cliOnTerminal(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'gate-tty-')), 'stdout.txt')
  const command = `stty cols 200; ${[process.execPath, CLI, ...args].map(quote).join(' ')} > ${quote(out)}`
  const childEnv: NodeJS.ProcessEnv = { ...process.env, GOTOOLCHAIN: 'local', ...env }
  if (env.NO_COLOR === undefined) delete childEnv.NO_COLOR
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: childEnv,
    timeout: 170_000
  })
  // The terminal turns \n into \r\n.
  return {
    code: result.status,
    terminal: result.stdout.replace(/\r\n/g, '\n'),
    stdout: readFileSync(out, 'utf8')
  }
}

describe('on a terminal', () => {
  test('a live line shows time, packages done of total, tests and the package running, then clears', () => {
    const run = cliOnTerminal(ARGS)
    expect(run.code).toBe(1)
    expect(run.stdout.split('\n')[0]).toMatch(
      /^✗ The unit stage failed with a test failure in TestCreateTask/
    )
    const draws = run.terminal.split(CLEAR).filter((d) => d !== '')
    expect(
      draws.some((d) =>
        /^▸ unit \d+(?:ms|\.\d+s) · \d\/3 packages · \d+ passed, \d+ failed · running example\.com\/service\//.test(
          d
        )
      )
    ).toBe(true)
    expect(
      draws.some((d) => /^▸ unit .* · [1-3]\/3 packages · [1-9]\d* passed, [1-9]\d* failed/.test(d))
    ).toBe(true)
    expect(draws.some((d) => /^▸ tidy \d/.test(d))).toBe(true)
    // Cleared at the end: the last thing written is the clear, no progress left on screen.
    expect(run.terminal.lastIndexOf(CLEAR)).toBeGreaterThan(run.terminal.lastIndexOf('▸ unit'))
    expect(run.terminal.slice(run.terminal.lastIndexOf(CLEAR) + CLEAR.length).trim()).toBe('')
    expect(run.terminal).not.toContain('go-gate:')
    expect(run.terminal).not.toContain('\n▸')
  })

  test.each([
    ['NO_COLOR', ARGS, { NO_COLOR: '1' }],
    ['--no-progress', [...ARGS, '--no-progress'], {}]
  ])('with %s: plain stage lines, each once', (_, args, env) => {
    const run = cliOnTerminal(args, env)
    expect(run.code).toBe(1)
    expect(run.terminal).not.toContain(CLEAR)
    expect(run.terminal).toBe('▸ tidy\n▸ unit\n')
  })
})

describe('in a pipe', () => {
  test('plain stage lines without a prefix, each once', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, GOTOOLCHAIN: 'local' }
    delete env.NO_COLOR
    const result = spawnSync(process.execPath, [CLI, ...ARGS], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env,
      timeout: 170_000
    })
    expect(result.status).toBe(1)
    expect(result.stderr).toBe('▸ tidy\n▸ unit\n')
    expect(result.stdout).not.toContain('\u001b[')
  })
})

describe('warnings', () => {
  function io(written: string[]): CliIO {
    return {
      stdout: () => undefined,
      stderr: (text) => written.push(text),
      stdin: process.stdin,
      isTTY: false,
      env: {},
      cwd: REPO_ROOT
    }
  }

  test('`warning:` is yellow in colour and plain otherwise', () => {
    const coloured: string[] = []
    new TerminalReporter(io(coloured), false, { progress: null, color: true }).warning('gofmt fallback')
    expect(coloured).toEqual(['\u001b[33mwarning:\u001b[0m gofmt fallback\n'])
    const plain: string[] = []
    new TerminalReporter(io(plain), false, { progress: null, color: false }).warning('gofmt fallback')
    expect(plain).toEqual(['warning: gofmt fallback\n'])
  })
})
