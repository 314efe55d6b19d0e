// The build stage on real go: a compile error only a build tag shows, a link
// error, and binaries written to build-output.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { onlyMarker, runFixture } from './support.js'

describe('build stage', () => {
  test('a compile error only -tags=enterprise shows: unit passes, build fails at the marked line', async () => {
    const marker = onlyMarker('build-tag')
    const run = await runFixture('build-tag', { stages: 'unit, build', 'build-flags': '-tags=enterprise' })

    expect(run.stage('unit').status).toBe('passed')
    const build = run.stage('build')
    expect(build.status).toBe('failed')
    expect(build.command).toBe('go build -tags=enterprise ./...')
    const cause = run.report.rootCause
    expect(cause?.kind).toBe('compile-error')
    expect(marker.kind).toBe('compile-error')
    expect(cause?.stage).toBe('build')
    expect(cause?.package).toBe('example.com/build-tag/license')
    expect(cause?.location).toEqual({ file: marker.file, line: marker.line, col: 20 })
    expect(cause?.title).toBe(
      'example.com/build-tag/license does not compile: Key(tier).TierName undefined (type Key has no field or method TierName)'
    )
  })

  test('without the tag the same module builds', async () => {
    const run = await runFixture('build-tag', { stages: 'build' })
    expect(run.report.result).toBe('success')
    expect(run.stage('build').command).toBe('go build ./...')
  })

  // A go:linkname to a function that no longer exists compiles, vets and tests
  // fine (cmd/digest has no tests); only the linker sees the body is missing.
  test('a link error is a build-error naming the package and the missing symbol', async () => {
    const run = await runFixture('build-link', { stages: 'unit, build' })
    expect(run.stage('unit').status).toBe('passed')
    const cause = run.report.rootCause
    expect(cause?.kind).toBe('build-error')
    expect(cause?.stage).toBe('build')
    expect(cause?.package).toBe('example.com/build-link/cmd/digest')
    expect(cause?.location).toBeUndefined()
    expect(cause?.title).toBe(
      'example.com/build-link/cmd/digest does not link: main.main: relocation target example.com/build-link/crc.sum32 not defined'
    )
  })

  test('build-output receives one binary per main package', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'go-gate-bin-'))
    try {
      const run = await runFixture('build-tag', { stages: 'build', 'build-output': path.join(out, 'bin') })
      expect(run.report.result).toBe('success')
      expect(run.stage('build').command).toBe(`go build -o ${path.join(out, 'bin')}/ ./...`)
      expect(existsSync(path.join(out, 'bin', 'licensed'))).toBe(true)
      expect(existsSync(path.join(out, 'bin', 'licensectl'))).toBe(true)
      expect(existsSync(path.join(out, 'bin', 'license'))).toBe(false)
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  })

  test('build-output over packages with no main package builds them and says nothing was written', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'go-gate-bin-'))
    try {
      const run = await runFixture('build-tag', {
        stages: 'build',
        'build-packages': './license',
        'build-output': out
      })
      expect(run.report.result).toBe('success')
      expect(run.reporter.commands()).toEqual([`go build -o ${out}/ ./license`, 'go build ./license'])
      expect(run.stage('build').notes).toEqual([
        'build-output: no main package among ./license, so no binary was written.'
      ])
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  })
})
