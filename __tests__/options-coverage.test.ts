// coverage-drop-max and patch-coverage-threshold are validated up front, naming the input and what it accepts.
import { describe, expect, test } from '@jest/globals'
import type { InputName } from '../src/constants.js'
import { parseOptions } from '../src/options.js'

function parse(inputs: Partial<Record<InputName, string>>) {
  return parseOptions((name) => inputs[name], '/repo')
}

describe('pull request coverage inputs', () => {
  test('defaults: no drop limit, no patch threshold', () => {
    expect(parse({}).coverage).toMatchObject({ dropMax: undefined, patchThreshold: 0 })
  })

  test('values are read, decimals allowed', () => {
    expect(parse({ 'coverage-drop-max': '0.5', 'patch-coverage-threshold': '72.5' }).coverage).toMatchObject({
      dropMax: 0.5,
      patchThreshold: 72.5
    })
    expect(parse({ 'coverage-drop-max': '0' }).coverage.dropMax).toBe(0)
  })

  test.each([
    ['coverage-drop-max', '-1', /^Input "coverage-drop-max" is "-1"; expected the most percentage points/],
    ['coverage-drop-max', 'one', /^Input "coverage-drop-max" is "one"; expected/],
    [
      'patch-coverage-threshold',
      '120',
      /^Input "patch-coverage-threshold" is "120"; expected a percent from 0 to 100/
    ],
    ['patch-coverage-threshold', 'high', /^Input "patch-coverage-threshold" is "high"; expected a percent/]
  ] as const)('%s %s is refused', (name, value, message) => {
    expect(() => parse({ [name]: value })).toThrow(message)
  })
})
