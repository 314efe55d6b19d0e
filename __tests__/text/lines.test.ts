import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { LineSplitter, type LineSplitterOptions, LineTail, messageTail } from '../../src/text/lines.js'
import { fileInside, pathInside } from '../../src/text/paths.js'
import { sleepUnlessAborted } from '../../src/text/sleep.js'
import { chunkBytes } from '../support/streams.js'

// The one line splitter (the go test -json reader's and every process's): whatever the chunks,
// the same lines; a character split across chunks is decoded whole; a cut never leaves half a character.
function split(
  chunks: (Uint8Array | string)[],
  options?: LineSplitterOptions
): { lines: string[]; truncated: boolean[]; decoded: string } {
  const lines: string[] = []
  const truncated: boolean[] = []
  const splitter = new LineSplitter((line, cut) => {
    lines.push(line)
    truncated.push(cut)
  }, options)
  const texts = chunks.map((chunk) => splitter.push(chunk))
  texts.push(splitter.end())
  return { lines, truncated, decoded: texts.join('') }
}

describe('LineSplitter', () => {
  test('multi-byte text cut into chunks at any byte gives the lines of the whole, and push returns the whole text', () => {
    const line = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ''))
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 }),
        (lines, sizes) => {
          const text = `${lines.join('\n')}\n`
          const result = split(chunkBytes(Buffer.from(text, 'utf8'), sizes))
          expect(result.lines).toEqual(lines)
          expect(result.decoded).toBe(text)
        }
      ),
      { numRuns: 300 }
    )
  })

  test('the bytes of one character in separate chunks: one character, no U+FFFD', () => {
    const bytes = Buffer.from('ok — 🦫 ünïcode\n', 'utf8')
    expect(split([...bytes].map((b) => Uint8Array.of(b))).lines).toEqual(['ok — 🦫 ünïcode'])
  })

  test('an unfinished last line is passed on at the end', () => {
    const lines: string[] = []
    const splitter = new LineSplitter((line) => lines.push(line))
    splitter.push(Buffer.from('a\nb'))
    expect(lines).toEqual(['a'])
    splitter.end()
    expect(lines).toEqual(['a', 'b'])
  })

  test('a line over the limit is cut before a character that would not fit, flagged, whatever the chunks', () => {
    // The limit (4) falls between the two halves of the beaver's surrogate pair.
    const bytes = Buffer.from('aaa🦫tail\nnext\n', 'utf8')
    for (const chunks of [[bytes], [...bytes].map((b) => Uint8Array.of(b))]) {
      const { lines, truncated } = split(chunks, { maxLineChars: 4 })
      expect(lines).toEqual(['aaa', 'next'])
      expect(truncated).toEqual([true, false])
    }
  })

  test('a trailing \\r is stripped unless the caller keeps it', () => {
    const bytes = Buffer.from('one\r\ntwo\r', 'utf8')
    expect(split([bytes]).lines).toEqual(['one', 'two'])
    expect(split([bytes], { keepCarriageReturn: true }).lines).toEqual(['one\r', 'two\r'])
  })

  test('a string after bytes that ended inside a character: the cut character is U+FFFD, the string follows', () => {
    const beaver = Buffer.from('🦫', 'utf8')
    expect(split([beaver.subarray(0, 2), 'x\n']).lines).toEqual(['\uFFFDx'])
  })
})

describe('LineTail', () => {
  test('keeps the last lines, long ones cut and marked', () => {
    const tail = new LineTail(2, 3)
    for (const line of ['one', 'two', 'three']) tail.push(line)
    expect(tail.lines()).toEqual(['two', 'thr…'])
  })

  test('a line the splitter already cut is marked too', () => {
    const tail = new LineTail(2, 3)
    tail.push('ab', true)
    tail.push('ab')
    expect(tail.lines()).toEqual(['ab…', 'ab'])
  })

  test('messageTail quotes the last 20 lines', () => {
    const lines = Array.from({ length: 25 }, (_, i) => `line ${i}`)
    expect(messageTail(lines).split('\n')).toEqual(lines.slice(5))
  })
})

describe('paths', () => {
  test('inside, the root itself, and outside', () => {
    expect(pathInside('/repo', '/repo/a/b.go')).toBe('a/b.go')
    expect(pathInside('/repo', 'a/b.go')).toBe('a/b.go')
    expect(pathInside('/repo', '/repo')).toBe('')
    expect(pathInside('/repo', '/other/x.go')).toBeUndefined()
    expect(pathInside('/repo', '/repo2/x.go')).toBeUndefined()
    expect(fileInside('/repo', '/repo')).toBeUndefined()
    expect(fileInside('/repo', '/repo/go.mod')).toBe('go.mod')
  })
})

describe('sleepUnlessAborted', () => {
  test('an abort ends the wait before its time', async () => {
    const controller = new AbortController()
    let ended = false
    const waiting = sleepUnlessAborted(3_600_000, controller.signal).then(() => {
      ended = true
    })
    await Promise.resolve()
    expect(ended).toBe(false)
    controller.abort()
    await waiting
    expect(ended).toBe(true)
  })

  test('an aborted signal does not wait at all', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(sleepUnlessAborted(3_600_000, controller.signal)).resolves.toBeUndefined()
  })
})
