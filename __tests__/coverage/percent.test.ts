// The percent Go prints, on fractions worked out by hand; percent.e2e.test.ts checks it against
// Go itself on every fraction up to 600 statements.
import { coveragePercent, formatCoveragePercent } from '../../src/coverage/percent.js'

const text = (covered: number, statements: number) =>
  formatCoveragePercent(coveragePercent(covered, statements))

describe('formatCoveragePercent', () => {
  it('rounds the double Go computes, not the fraction: 1/2000 is 0.05000000000000000277 → 0.1', () => {
    expect(text(1, 2000)).toBe('0.1')
    // 3/2000 is 0.1499999999999999944…: Go prints 0.1; Math.round(p * 10) / 10 would say 0.2.
    expect(text(3, 2000)).toBe('0.1')
    expect((Math.round(coveragePercent(3, 2000) * 10) / 10).toFixed(1)).toBe('0.2')
    expect(text(5, 6)).toBe('83.3')
    expect(text(2, 3)).toBe('66.7')
    expect(text(0, 0)).toBe('0.0')
    expect(text(7, 7)).toBe('100.0')
    expect(text(1999, 2000)).toBe('100.0') // 99.95 is 99.9500000000000028…
    expect(text(19999, 20000)).toBe('100.0')
  })

  it('breaks exact ties (k.25, k.75) to even like Go, where toFixed rounds them up', () => {
    expect(text(37, 592)).toBe('6.2') // 6.25 exactly
    expect((6.25).toFixed(1)).toBe('6.3')
    expect(text(3, 4)).toBe('75.0')
    expect(formatCoveragePercent(6.75)).toBe('6.8')
    expect(formatCoveragePercent(0.25)).toBe('0.2')
    expect(formatCoveragePercent(0.75)).toBe('0.8')
    expect(formatCoveragePercent(99.75)).toBe('99.8')
    expect(formatCoveragePercent(99.25)).toBe('99.2')
    expect(formatCoveragePercent(12.5)).toBe('12.5')
    expect(formatCoveragePercent(6.250000000000001)).toBe('6.3')
    expect(formatCoveragePercent(6.249999999999999)).toBe('6.2')
  })

  it('computes 100 * covered / statements in that order, as cmd/cover does', () => {
    // The order matters for the last bit: 100 * (c / t) can differ from (100 * c) / t.
    let differs = 0
    for (let t = 1; t < 200; t++) {
      for (let c = 0; c <= t; c++) if ((100 * c) / t !== 100 * (c / t)) differs++
    }
    expect(differs).toBeGreaterThan(0)
    expect(coveragePercent(1, 3)).toBe((100 * 1) / 3)
  })
})
