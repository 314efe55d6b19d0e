// The shard section of the summary and the terminal: the reason sentence under the count line,
// the packages inline when few and folded when many. Pure: a RunReport in, text out.
import { describe, expect, test } from '@jest/globals'
import type { RunReport, StageResult } from '../../src/model/report.js'
import type { ShardAssignment } from '../../src/model/shard.js'
import { renderSummary } from '../../src/report/summary.js'
import { renderTerminal } from '../../src/report/terminal.js'
import { planShards, shardAssignment } from '../../src/shard/assign.js'

function shardOf(count: number, index: number, packages: number): ShardAssignment {
  const listed = Array.from({ length: packages }, (_, i) => ({
    importPath: `example.com/m/p${String(i).padStart(2, '0')}`,
    testFunctions: 1,
    hasTestFiles: true
  }))
  return shardAssignment(planShards(listed, count), { index, count })
}

function reportWith(shard: ShardAssignment): RunReport {
  const unit: StageResult = {
    stage: 'unit',
    status: shard.packages.length > 0 ? 'passed' : 'skipped',
    durationMs: 1200,
    failures: [],
    notices: [],
    notes: [],
    tests: { passed: 3, failed: 0, skipped: 0 },
    shard,
    ...(shard.packages.length > 0
      ? {}
      : { skipReason: `shard ${shard.shard.index}/${shard.shard.count} got no packages` })
  }
  return {
    result: 'success',
    stages: [unit],
    setupFailures: [],
    tests: unit.tests ?? { passed: 0, failed: 0, skipped: 0 },
    durationMs: 1500,
    workingDirectory: '.',
    shard
  }
}

describe('the shard section', () => {
  test('a few packages are named inline, right under the count line', () => {
    const shard = shardOf(4, 2, 8)
    const lines = renderSummary(reportWith(shard)).split('\n\n')
    expect(lines[3]).toBe(
      `**unit:** ${shard.reason} Packages: \`example.com/m/p${shard.packages[0].slice(-2)}\`, \`example.com/m/p${shard.packages[1].slice(-2)}\`.`
    )
    expect(shard.packages).toHaveLength(2)
  })

  test('many packages fold into a list', () => {
    const shard = shardOf(2, 1, 14)
    const summary = renderSummary(reportWith(shard))
    expect(summary).toContain(
      `**unit:** ${shard.reason}\n\n<details><summary>The 7 packages of shard 1/2 (unit)</summary>\n\n- \``
    )
    for (const p of shard.packages) expect(summary).toContain(`- \`${p}\``)
  })

  test('an empty shard says why in the section and in the stage table', () => {
    const shard = shardOf(5, 5, 3)
    const summary = renderSummary(reportWith(shard))
    expect(summary).toContain(
      '**unit:** Shard 5/5 got no packages: 3 packages over 5 shards leave 2 shards empty.'
    )
    expect(summary).toContain('| unit | ⏭️ skipped: shard 5/5 got no packages |')
  })

  test('the terminal gives the reason under the stage', () => {
    const shard = shardOf(4, 2, 8)
    const text = renderTerminal(reportWith(shard), { color: false })
    expect(text).toContain(`✓ unit 1.2s\n    ${shard.reason}\n    Packages: ${shard.packages.join(', ')}\n`)
  })
})
