// action.yml, the README tables and src/constants.ts name the same inputs and
// outputs with the same defaults: users read one, the code reads another.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { INPUTS, OUTPUTS } from '../src/constants.js'
import { ROOT_CAUSE_KINDS } from '../src/model/report.js'
import { REPO_ROOT } from './support/runner.js'

/** Reads the inputs/outputs of action.yml: a small reader for its flat two-level shape. */
function readActionYml(): { inputs: Map<string, string | undefined>; outputs: Set<string>; runs: string } {
  const text = readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')
  const inputs = new Map<string, string | undefined>()
  const outputs = new Set<string>()
  let section = ''
  let current = ''
  for (const line of text.split('\n')) {
    const top = /^([a-z]+):/.exec(line)
    if (top) {
      section = top[1]
      continue
    }
    const key = /^ {2}([a-z0-9-]+):\s*$/.exec(line)
    if (key) {
      current = key[1]
      if (section === 'inputs') inputs.set(current, undefined)
      if (section === 'outputs') outputs.add(current)
      continue
    }
    const def = /^ {4}default:\s*(.*)$/.exec(line)
    if (def && section === 'inputs') inputs.set(current, JSON.parse(def[1]))
  }
  return { inputs, outputs, runs: text.slice(text.indexOf('runs:')) }
}

function readmeTable(heading: string): Map<string, string> {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')
  const start = readme.indexOf(heading)
  expect(start).toBeGreaterThanOrEqual(0)
  const rows = new Map<string, string>()
  const lines = readme.slice(start).split('\n').slice(1)
  let inTable = false
  for (const line of lines) {
    if (line.startsWith('|')) {
      inTable = true
      const cells = line.split('|').map((c) => c.trim())
      const name = /^`([a-z0-9-]+)`$/.exec(cells[1])
      if (name) rows.set(name[1], cells[2] ?? '')
    } else if (inTable) break
  }
  return rows
}

describe('the interface is named the same everywhere', () => {
  const yml = readActionYml()

  test('action.yml declares every input with the default the code uses', () => {
    expect([...yml.inputs.keys()].sort()).toEqual(Object.keys(INPUTS).sort())
    for (const [name, spec] of Object.entries(INPUTS))
      expect([name, yml.inputs.get(name)]).toEqual([name, spec.default])
  })

  test('action.yml declares every output', () => {
    expect([...yml.outputs].sort()).toEqual(Object.keys(OUTPUTS).sort())
  })

  test('the action runs on node24 with a post step', () => {
    expect(yml.runs).toContain('using: node24')
    expect(yml.runs).toContain('main: dist/main/index.js')
    expect(yml.runs).toContain('post: dist/post/index.js')
  })

  test('the README documents every input with its default, and every output', () => {
    const inputs = readmeTable('## Inputs')
    expect([...inputs.keys()].sort()).toEqual(Object.keys(INPUTS).sort())
    for (const [name, spec] of Object.entries(INPUTS)) {
      const cell = inputs.get(name) ?? ''
      expect([name, cell]).toEqual([name, spec.default === '' ? '' : `\`${spec.default}\``])
    }
    const outputs = readmeTable('## Outputs')
    expect([...outputs.keys()].sort()).toEqual(Object.keys(OUTPUTS).sort())
  })

  test('the README explains every root-cause kind', () => {
    const kinds = readmeTable('## Root-cause kinds')
    expect([...kinds.keys()].sort()).toEqual([...ROOT_CAUSE_KINDS].sort())
  })
})
