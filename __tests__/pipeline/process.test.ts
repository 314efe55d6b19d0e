// A child's output split mid-character across two reads: the tail go-gate keeps
// for a failure's message must hold the character, not two U+FFFD.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from '@jest/globals'
import { runCapturingOutput, startProcess } from '../../src/pipeline/process.js'

// Writes "a" and the first byte of ✓ (e2 9c 93), then the rest once the parent has read the first part.
const CHILD = `
const fs = require('node:fs')
const flag = process.argv[1]
process.stdout.write(Buffer.from([0x61, 0xe2]))
const rest = () => (fs.existsSync(flag) ? process.stdout.write(Buffer.from([0x9c, 0x93, 0x0a])) : setTimeout(rest, 5))
rest()
`

test('a UTF-8 character split across two chunks stays whole in the tail', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'go-gate-process-'))
  const flag = path.join(dir, 'read-first-part')
  const chunks: Buffer[] = []
  try {
    const running = startProcess(process.execPath, ['-e', CHILD, flag], {
      cwd: dir,
      onStdout: (chunk) => {
        chunks.push(chunk)
        if (chunks.length === 1) writeFileSync(flag, '')
      }
    })
    const result = await running.result
    // The split really happened: the first read ended inside the character.
    expect(chunks[0]).toEqual(Buffer.from([0x61, 0xe2]))
    expect(result.exitCode).toBe(0)
    expect(result.tail).toEqual(['a✓'])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('output past maxBytes is said to be cut, so a caller never takes part of it for all of it', async () => {
  const write = (n: number) => `process.stdout.write('x'.repeat(${n}))`
  const run = (n: number) =>
    runCapturingOutput(process.execPath, ['-e', write(n)], { cwd: os.tmpdir(), maxBytes: 1000 })
  const small = await run(1000)
  expect([small.stdout.length, small.stdoutCut]).toEqual([1000, false])
  const large = await run(200_000)
  expect(large.stdoutCut).toBe(true)
  expect(large.stdout.length).toBeLessThan(200_000)
})
