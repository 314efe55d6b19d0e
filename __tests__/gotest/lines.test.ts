// The reader's bound on a test's output: the first and last lines kept, the ones between
// counted and marked. (The reader's line splitter is tested in __tests__/text/lines.test.ts.)
import { describe, expect, test } from '@jest/globals'
import { BoundedLines } from '../../src/gotest/lines.js'

describe('BoundedLines', () => {
  test('keeps the head and the tail and marks how many lines between were dropped', () => {
    const kept = new BoundedLines(2, 3)
    for (let i = 0; i < 10; i++) kept.push(`line ${i}`)
    expect(kept.length).toBe(5)
    expect(kept.dropped).toBe(5)
    expect(kept.lines()).toEqual(['line 0', 'line 1', '… 5 lines not kept …', 'line 7', 'line 8', 'line 9'])
  })

  test('nothing dropped: every line, no marker', () => {
    const kept = new BoundedLines(2, 3)
    for (const line of ['a', 'b', 'c']) kept.push(line)
    expect(kept.lines()).toEqual(['a', 'b', 'c'])
  })
})
