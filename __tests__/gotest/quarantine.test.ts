// Quarantine patterns and what they do to a recorded first run of the flaky fixture.
import { describe, expect, test } from '@jest/globals'
import { PathResolver } from '../../src/gotest/locate.js'
import { applyQuarantine, quarantineMatcher } from '../../src/gotest/quarantine.js'
import { TestJsonReader } from '../../src/gotest/reader.js'
import { stageResultFromTestRun } from '../../src/gotest/stage-result.js'
import { loadStream, recordedIndex } from '../support/streams.js'

describe('quarantineMatcher', () => {
  const matches = quarantineMatcher([
    'example.com/shop/billing.TestInvoice',
    'TestCart/sub*',
    'billing.TestTax'
  ])
  test.each([
    ['example.com/shop/billing', 'TestInvoice', true],
    ['example.com/shop/billing', 'TestInvoice/euro', true],
    ['example.com/shop/other', 'TestInvoice', false],
    ['example.com/shop/billing', 'TestInvoiceTotal', false],
    ['example.com/shop/cart', 'TestCart/sub_one', true],
    ['example.com/shop/cart', 'TestCart/other', false],
    ['example.com/shop/cart', 'TestCart', false],
    ['example.com/shop/billing', 'TestTax', true],
    ['example.com/shop/notbilling', 'TestTax', false]
  ])('%s %s: %s', (pkg, name, expected) => {
    expect(matches(pkg, name)).toBe(expected)
  })

  test('regex characters in a pattern are literal', () => {
    const m = quarantineMatcher(['TestNames/a_b/c.d(e)[f]*'])
    expect(m('p', 'TestNames/a_b/c.d(e)[f]*+?')).toBe(true)
    expect(m('p', 'TestNames/a_b/cXd(e)[f]')).toBe(false)
  })
})

describe('applyQuarantine', () => {
  test('a quarantined failure becomes a notice and the stage passes when nothing else failed', () => {
    const stream = loadStream('flaky')
    const reader = new TestJsonReader()
    reader.pushStdout(stream.stdout)
    const { result } = stageResultFromTestRun(
      reader.finish(),
      new PathResolver(recordedIndex(stream)),
      'unit'
    )
    applyQuarantine(result, quarantineMatcher(['TestSettles']), [])
    expect(result.status).toBe('failed')
    expect(result.failures.map((f) => f.test)).toEqual(['TestNames/a_b/c.d(e)[f]*+?'])
    expect(result.notices.map((n) => [n.severity, n.test])).toEqual([['notice', 'TestSettles']])
    applyQuarantine(result, quarantineMatcher(['TestNames']), [
      { package: 'example.com/flaky/flaky', test: 'TestSteady' }
    ])
    expect(result.status).toBe('passed')
    expect(result.quarantined?.map((q) => [q.test, q.failed])).toEqual([
      ['TestNames/a_b/c.d(e)[f]*+?', true],
      ['TestSteady', false]
    ])
  })
})
