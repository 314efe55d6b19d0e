// The action's main step starts quickly: Octokit (@actions/github) loads only
// when a pull-request comment is due (file links need three runner variables),
// @actions/cache only when the cache is on and @actions/artifact only for a
// shard or the merge job. Checked on the bundle the runner executes.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { blobUrl } from '../../src/github/publish.js'
import { REPO_ROOT } from '../support/runner.js'

const MAIN = path.join(REPO_ROOT, 'dist', 'main')

describe('start-up of the main step', () => {
  test('the entry chunk holds neither Octokit nor the cache client; the cache client is a separate chunk', () => {
    const entry = readFileSync(path.join(MAIN, 'index.js'), 'utf8')
    expect(entry).not.toMatch(/@octokit\/|class Octokit/)
    expect(entry).not.toContain('CacheService')
    const chunks = readdirSync(MAIN).filter((f) => /^\d+\.index\.js$/.test(f))
    expect(chunks.some((f) => readFileSync(path.join(MAIN, f), 'utf8').includes('CacheService'))).toBe(true)
    expect(chunks.some((f) => /class Octokit/.test(readFileSync(path.join(MAIN, f), 'utf8')))).toBe(true)
  })

  test('the artifact client (shards, the merge job) is a separate chunk too', () => {
    const entry = readFileSync(path.join(MAIN, 'index.js'), 'utf8')
    expect(entry).not.toContain('ArtifactService')
    const chunks = readdirSync(MAIN).filter((f) => /^\d+\.index\.js$/.test(f))
    expect(chunks.some((f) => readFileSync(path.join(MAIN, f), 'utf8').includes('ArtifactService'))).toBe(
      true
    )
  })

  test('file links are built from the runner variables alone', () => {
    expect(
      blobUrl({
        GITHUB_SERVER_URL: 'https://ghe.example',
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_SHA: 'abc1234'
      })
    ).toBe('https://ghe.example/acme/shop/blob/abc1234')
    expect(blobUrl({ GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: 'abc1234' })).toBe(
      'https://github.com/acme/shop/blob/abc1234'
    )
    expect(blobUrl({ GITHUB_REPOSITORY: 'acme/shop' })).toBeUndefined()
    expect(blobUrl({ GITHUB_REPOSITORY: 'acme/shop)](x', GITHUB_SHA: 'abc1234' })).toBeUndefined()
  })
})
