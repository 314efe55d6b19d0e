// rerun-failed, rerun-max-failures and flaky are validated up front, naming the input and what it accepts.
import { describe, expect, test } from '@jest/globals'
import type { InputName } from '../src/constants.js'
import { parseOptions } from '../src/options.js'

function parse(inputs: Partial<Record<InputName, string>>) {
  return parseOptions((name) => inputs[name], '/repo')
}

describe('rerun inputs', () => {
  test('defaults: no reruns, at most 10 failures rerun, flaky tests warn', () => {
    expect(parse({}).rerun).toEqual({ attempts: 0, maxFailures: 10, flaky: 'warn', quarantine: [] })
  })

  test('values are read', () => {
    expect(parse({ 'rerun-failed': '2', 'rerun-max-failures': '3', flaky: 'fail' }).rerun).toEqual({
      attempts: 2,
      maxFailures: 3,
      flaky: 'fail',
      quarantine: []
    })
  })

  test.each([
    ['rerun-failed', 'two', 'Input "rerun-failed" is "two"; expected a whole number from 0 to 5.'],
    ['rerun-failed', '6', 'Input "rerun-failed" is "6"; expected a whole number from 0 to 5.'],
    ['rerun-failed', '-1', 'Input "rerun-failed" is "-1"; expected a whole number from 0 to 5.'],
    ['rerun-max-failures', '0', 'Input "rerun-max-failures" is "0"; expected a whole number from 1 to 100.'],
    ['flaky', 'ignore', 'Input "flaky" is "ignore"; expected warn or fail.']
  ] as const)('%s=%s is refused', (name, value, message) => {
    expect(() => parse({ [name]: value })).toThrow(message)
  })

  test('quarantine is one test pattern a line; blank and # lines are skipped', () => {
    expect(
      parse({ quarantine: 'example.com/shop/billing.TestInvoice\n\n# known\nTestCart/sub*\n' }).rerun
        .quarantine
    ).toEqual(['example.com/shop/billing.TestInvoice', 'TestCart/sub*'])
    expect(() => parse({ quarantine: 'TestA\nTest B' })).toThrow(
      /^Input "quarantine" is "Test B"; expected one test a line/
    )
    expect(() => parse({ quarantine: '*' })).toThrow(/^Input "quarantine" is "\*"/)
  })

  test('-failfast in go-test-flags is refused with reruns on, and accepted without', () => {
    expect(() => parse({ 'rerun-failed': '1', 'go-test-flags': '-v -failfast' })).toThrow(
      /^Input "go-test-flags" has -failfast, which cannot go with rerun-failed/
    )
    expect(() => parse({ quarantine: 'TestA', 'go-test-flags': '-failfast' })).toThrow(
      /^Input "go-test-flags" has -failfast, which cannot go with rerun-failed or quarantine/
    )
    expect(parse({ 'go-test-flags': '-failfast' }).goTestFlags).toEqual(['-failfast'])
  })
})
