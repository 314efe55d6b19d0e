// The coverage-threshold input and the check against it.

import { GateError } from '../errors.js'
import type { CoverageReport } from '../model/coverage.js'

// Plain decimal notation only: no exponent, sign, hex or separators. A trailing % is allowed.
const PERCENT = /^(?:\d+(?:\.\d*)?|\.\d+)%?$/

/**
 * Parses the `coverage-threshold` input: a percent from 0 to 100, decimals allowed
 * (`80`, `72.5`, `80%`). Empty means 0, no threshold. Anything else is invalid-input,
 * named as `name` says (the action's input, or the CLI's option).
 */
export function parseCoverageThreshold(raw: string, name = 'Input "coverage-threshold"'): number {
  const text = raw.trim()
  if (text === '') return 0
  const value = PERCENT.test(text) ? Number(text.endsWith('%') ? text.slice(0, -1) : text) : Number.NaN
  if (!(value >= 0 && value <= 100)) {
    throw new GateError(
      'invalid-input',
      `${name} is ${JSON.stringify(raw)}; expected a percent from 0 to 100 (decimals allowed), such as 80 or 72.5.`
    )
  }
  return value
}

/**
 * Passes when the exact percent reaches the threshold. `gap` is how many percentage points
 * are missing (0 when passed). The comparison uses the exact value, not the one-decimal text:
 * 79.96% prints as "80.0" yet fails a threshold of 80, so show more digits when it fails.
 * Both sides are correctly rounded doubles of their exact values, so a true value equal to
 * the threshold (723 of 1000 against 72.3) compares equal.
 */
export function checkCoverageThreshold(
  report: Pick<CoverageReport, 'percent'>,
  threshold: number
): { passed: boolean; gap: number } {
  const passed = report.percent >= threshold
  return { passed, gap: passed ? 0 : threshold - report.percent }
}
