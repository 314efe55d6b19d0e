// The percent text against the real Go: a small program prints cmd/cover's %.1f for each
// fraction, and go-gate must print the same text for every one of them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { coveragePercent, formatCoveragePercent } from '../../src/coverage/percent.js'
import { go } from './go.js'

const text = (covered: number, statements: number) =>
  formatCoveragePercent(coveragePercent(covered, statements))

describe('formatCoveragePercent against Go', () => {
  it('prints what Go prints for every fraction with up to 600 statements and for large ones', async () => {
    const pairs: [number, number][] = []
    for (let t = 1; t <= 600; t++) for (let c = 0; c <= t; c++) pairs.push([c, t])
    let seed = 12345
    const next = (limit: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % limit
    }
    for (let i = 0; i < 20000; i++) {
      const t = 1 + next(2_000_000_000)
      pairs.push([next(t + 1), t])
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'coverage-percent-'))
    try {
      writeFileSync(
        path.join(dir, 'main.go'),
        `package main

import (
	"bufio"
	"fmt"
	"os"
)

// Prints %.1f of 100*covered/total for each "covered total" line, as cmd/cover's percent().
func main() {
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var c, t int64
		fmt.Sscan(in.Text(), &c, &t)
		fmt.Fprintf(out, "%.1f\\n", 100.0*float64(c)/float64(t))
	}
}
`
      )
      const out = await go(['run', 'main.go'], dir, pairs.map(([c, t]) => `${c} ${t}`).join('\n'))
      const goTexts = out.trimEnd().split('\n')
      expect(goTexts).toHaveLength(pairs.length)
      const mismatches = pairs.filter(([c, t], i) => text(c, t) !== goTexts[i])
      expect(mismatches).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
