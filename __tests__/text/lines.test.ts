import { ChunkLines, LineTail, messageTail } from '../../src/text/lines.js'
import { fileInside, pathInside } from '../../src/text/paths.js'
import { sleepUnlessAborted } from '../../src/text/sleep.js'

describe('ChunkLines', () => {
  test('a multi-byte character split over two chunks is decoded whole', () => {
    const bytes = Buffer.from('naïve ✓ done\nnext\n', 'utf8')
    // ✓ is three bytes (e2 9c 93): cut after its first byte.
    const cut = bytes.indexOf(0xe2) + 1
    const lines: string[] = []
    const reader = new ChunkLines((line) => lines.push(line))
    const texts = [reader.push(bytes.subarray(0, cut)), reader.push(bytes.subarray(cut)), reader.end()]
    expect(lines).toEqual(['naïve ✓ done', 'next'])
    expect(texts.join('')).toBe('naïve ✓ done\nnext\n')
    expect(lines.join('')).not.toContain('\uFFFD')
  })

  test('an unfinished last line is passed on at the end', () => {
    const lines: string[] = []
    const reader = new ChunkLines((line) => lines.push(line))
    reader.push(Buffer.from('a\nb'))
    expect(lines).toEqual(['a'])
    reader.end()
    expect(lines).toEqual(['a', 'b'])
  })

  test('an unfinished line longer than the limit keeps its end', () => {
    const lines: string[] = []
    const reader = new ChunkLines((line) => lines.push(line), 4)
    reader.push(Buffer.from('abcdefgh'))
    reader.end()
    expect(lines).toEqual(['efgh'])
  })
})

describe('LineTail', () => {
  test('keeps the last lines, long ones cut and marked', () => {
    const tail = new LineTail(2, 3)
    for (const line of ['one', 'two', 'three']) tail.push(line)
    expect(tail.lines()).toEqual(['two', 'thr…'])
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
