import { checkCoverageThreshold, parseCoverageThreshold } from '../../src/coverage/threshold.js'

describe('parseCoverageThreshold', () => {
  it.each([
    ['80', 80],
    ['80.5', 80.5],
    ['0', 0],
    ['100', 100],
    ['100.0', 100],
    [' 72.5 ', 72.5],
    ['.5', 0.5],
    ['80%', 80],
    ['', 0],
    ['   ', 0]
  ])('%j → %d', (raw, value) => {
    expect(parseCoverageThreshold(raw)).toBe(value)
  })

  it.each(['eighty', '120', '-1', '100.01', '1e2', '0x50', '80 %', '8,5', 'NaN', 'Infinity', '+5', '5.5.5'])(
    'rejects %j, naming the input and the accepted range',
    (raw) => {
      expect(() => parseCoverageThreshold(raw)).toThrow(
        `Input "coverage-threshold" is ${JSON.stringify(raw)}; expected a percent from 0 to 100 (decimals allowed), such as 80 or 72.5.`
      )
    }
  )
})

describe('checkCoverageThreshold', () => {
  it('passes at or above the threshold and reports the gap below it', () => {
    expect(checkCoverageThreshold({ percent: 80 }, 80)).toEqual({ passed: true, gap: 0 })
    expect(checkCoverageThreshold({ percent: 91.2 }, 80)).toEqual({ passed: true, gap: 0 })
    const below = checkCoverageThreshold({ percent: 75 }, 80)
    expect(below).toEqual({ passed: false, gap: 5 })
    expect(checkCoverageThreshold({ percent: 0 }, 0)).toEqual({ passed: true, gap: 0 })
  })

  it('compares the exact percent: 79.96 prints as 80.0 but does not reach 80', () => {
    const r = checkCoverageThreshold({ percent: (100 * 7996) / 10000 }, 80)
    expect(r.passed).toBe(false)
    expect(r.gap).toBeCloseTo(0.04, 10)
  })

  it('a true percent equal to a decimal threshold passes (both are the nearest double)', () => {
    for (const [covered, total, threshold] of [
      [723, 1000, '72.3'],
      [1, 3, '33.333333333333336'],
      [29, 100, '29'],
      [57, 100, '57'],
      [7, 10, '70']
    ] as const) {
      expect(
        checkCoverageThreshold({ percent: (100 * covered) / total }, parseCoverageThreshold(threshold)).passed
      ).toBe(true)
    }
  })
})
