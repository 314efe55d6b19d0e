// Coverage percentages exactly as Go computes and prints them.

/**
 * 100 * covered / statements, in that order of float64 operations, as cmd/cover's percent();
 * no statements is 0% (Go divides by 1 instead of 0).
 */
export function coveragePercent(covered: number, statements: number): number {
  return (100 * covered) / (statements === 0 ? 1 : statements)
}

/**
 * The `%.1f` of `go tool cover -func` (and of `go test`'s `coverage: N%`).
 *
 * Go's %.1f rounds the exact binary value of the double, ties to even. Number#toFixed also
 * rounds the exact value but breaks ties upwards. A tie at one decimal is a double exactly
 * halfway between two tenths, (2m+1)/20; that is a binary fraction only when 5 divides 2m+1,
 * so the ties are exactly the values ending in .25 and .75 (37 of 592 statements is 6.25:
 * Go prints 6.2, toFixed 6.3). Those get half-to-even here; every other value has no tie,
 * so toFixed's exact rounding is Go's. (Naive Math.round(p * 10) / 10 is wrong more often:
 * 3 of 2000 is 0.1499999999999999944…, which Go prints as 0.1.)
 */
export function formatCoveragePercent(percent: number): string {
  const quarters = percent * 4 // exact: scaling by a power of two
  if (Number.isInteger(quarters) && quarters % 2 === 1) {
    // k.25 → k.2, k.75 → k.8; percent * 10 is exact here (10k + 2.5 or 10k + 7.5).
    const below = Math.floor(percent * 10)
    return ((below % 2 === 0 ? below : below + 1) / 10).toFixed(1)
  }
  return percent.toFixed(1)
}

/** Points between two percents as the gates write them: two decimals when under a tenth, else one. */
export function formatCoverageGap(points: number): string {
  return points < 0.1 ? points.toFixed(2) : points.toFixed(1)
}
