// mode and junit-file are validated up front, naming the input and what it accepts.
import { describe, expect, test } from '@jest/globals'
import type { InputName } from '../src/constants.js'
import { GateError } from '../src/errors.js'
import { parseOptions } from '../src/options.js'

function parse(inputs: Partial<Record<InputName, string>>) {
  return parseOptions((name) => inputs[name], '/repo')
}

describe('result inputs', () => {
  test('defaults: mode gate, no JUnit file', () => {
    const options = parse({})
    expect([options.mode, options.junitFile]).toEqual(['gate', ''])
  })

  test('mode merge, and a JUnit path made absolute inside the workspace', () => {
    const options = parse({ mode: 'merge', 'junit-file': 'reports/junit.xml' })
    expect([options.mode, options.junitFile]).toEqual(['merge', '/repo/reports/junit.xml'])
  })

  test.each([
    [
      'mode',
      'Merge',
      'Input "mode" is "Merge"; expected gate (run the stages) or merge (merge the results of sharded jobs).'
    ],
    [
      'junit-file',
      '../junit.xml',
      'Input "junit-file" is "../junit.xml"; expected a file path inside the workspace, such as reports/junit.xml.'
    ],
    [
      'junit-file',
      'reports/',
      'Input "junit-file" is "reports/"; expected a file path inside the workspace, such as reports/junit.xml.'
    ],
    [
      'junit-file',
      '/etc/junit.xml',
      'Input "junit-file" is "/etc/junit.xml"; expected a file path inside the workspace, such as reports/junit.xml.'
    ]
  ] as const)('%s=%s is refused', (name, value, message) => {
    let thrown: unknown
    try {
      parse({ [name]: value })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(GateError)
    expect((thrown as GateError).kind).toBe('invalid-input')
    expect((thrown as GateError).message).toBe(message)
  })
})
