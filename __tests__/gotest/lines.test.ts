// The reader's line splitter: whatever the chunks, the same lines; a character
// split across chunks is decoded whole; a cut never leaves half a character.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { LineSplitter, MAX_LINE_BYTES } from '../../src/gotest/lines.js'
import { chunkBytes } from '../support/streams.js'

function split(chunks: (Uint8Array | string)[]): { lines: string[]; truncated: boolean[] } {
  const lines: string[] = []
  const truncated: boolean[] = []
  const splitter = new LineSplitter((line, cut) => {
    lines.push(line)
    truncated.push(cut)
  })
  for (const chunk of chunks) splitter.push(chunk)
  splitter.end()
  return { lines, truncated }
}

describe('LineSplitter', () => {
  test('multi-byte text cut into chunks at any byte gives the lines of the whole', () => {
    const line = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ''))
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 }),
        (lines, sizes) => {
          const bytes = Buffer.from(`${lines.join('\n')}\n`, 'utf8')
          expect(split(chunkBytes(bytes, sizes)).lines).toEqual(lines)
        }
      ),
      { numRuns: 300 }
    )
  })

  test('the bytes of one character in separate chunks: one character, no U+FFFD', () => {
    const bytes = Buffer.from('ok — 🦫 ünïcode\n', 'utf8')
    expect(split([...bytes].map((b) => Uint8Array.of(b))).lines).toEqual(['ok — 🦫 ünïcode'])
  })

  test('a line over the limit is cut before a character that would not fit, never inside it', () => {
    // The limit falls between the two halves of a surrogate pair.
    const text = `${'a'.repeat(MAX_LINE_BYTES - 1)}🦫tail`
    const { lines, truncated } = split([Buffer.from(`${text}\nnext\n`, 'utf8')])
    expect(lines[0]).toBe('a'.repeat(MAX_LINE_BYTES - 1))
    expect(truncated).toEqual([true, false])
    expect(lines[1]).toBe('next')
  })

  test('a string after bytes that ended inside a character: the cut character is U+FFFD, the string follows', () => {
    const beaver = Buffer.from('🦫', 'utf8')
    expect(split([beaver.subarray(0, 2), 'x\n']).lines).toEqual(['\uFFFDx'])
  })
})
