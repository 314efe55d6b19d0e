// The artifact stand-in speaks what the real @actions/artifact client speaks: a round trip of
// files through upload, list and download, names unique per workflow run, each job its own token.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DefaultArtifactClient } from '@actions/artifact'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { uploadShardResult } from '../../src/github/shard-artifact.js'
import type { Reporter } from '../../src/pipeline/context.js'
import { type ArtifactServer, startArtifactServer } from '../support/artifact-server.js'
import { closedPort } from '../support/twirp-blob.js'

let server: ArtifactServer
const saved = { ...process.env }

beforeAll(async () => {
  server = await startArtifactServer()
})
afterAll(async () => {
  process.env = saved
  await server.close()
})

/** The client reads its environment at each call: be the job `jobId` of the stand-in's run. */
function inJob(jobId: string): void {
  Object.assign(process.env, server.env(jobId), { GITHUB_WORKSPACE: tmpdir() })
}

describe('artifact service stand-in, through @actions/artifact', () => {
  test('files uploaded by one job are listed and downloaded by another, byte for byte', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'go-gate-artifact-up-'))
    const report = path.join(dir, 'report.json')
    const profile = path.join(dir, 'coverage.out')
    writeFileSync(report, '{"schema":"go-gate/report/v1"}\n')
    writeFileSync(profile, `mode: set\n${'example.com/m/a.go:1.1,2.2 1 1\n'.repeat(2000)}`)
    inJob('job-shard-1')
    const uploaded = await new DefaultArtifactClient().uploadArtifact('shard-1', [report, profile], dir)
    expect(uploaded.id).toBeGreaterThan(0)

    inJob('job-merge')
    const client = new DefaultArtifactClient()
    const { artifacts } = await client.listArtifacts({ latest: true })
    expect(artifacts.map((a) => a.name)).toEqual(['shard-1'])
    const into = mkdtempSync(path.join(tmpdir(), 'go-gate-artifact-down-'))
    await client.downloadArtifact(artifacts[0].id, { path: into })
    expect(readFileSync(path.join(into, 'report.json'), 'utf8')).toBe(readFileSync(report, 'utf8'))
    expect(readFileSync(path.join(into, 'coverage.out'), 'utf8')).toBe(readFileSync(profile, 'utf8'))
    expect(server.calls).toEqual(
      expect.arrayContaining(['CreateArtifact', 'FinalizeArtifact', 'ListArtifacts', 'GetSignedArtifactURL'])
    )
    expect(server.artifacts[0]).toMatchObject({ jobId: 'job-shard-1', finalized: true })
  })

  test('a second upload of a name in the same run is refused, as GitHub refuses it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'go-gate-artifact-twice-'))
    const file = path.join(dir, 'a.txt')
    writeFileSync(file, 'a\n')
    inJob('job-a')
    await new DefaultArtifactClient().uploadArtifact('twice', [file], dir)
    inJob('job-b')
    await expect(new DefaultArtifactClient().uploadArtifact('twice', [file], dir)).rejects.toThrow()
  })
})

describe('a shard whose upload fails', () => {
  function recording(): Reporter & { warnings: string[] } {
    const warnings: string[] = []
    return {
      warnings,
      info: () => undefined,
      warning: (message) => warnings.push(message),
      output: () => undefined,
      group: (_title, fn) => fn()
    }
  }

  test.each([
    ['the artifact service is down', 'down'],
    ['the name is taken (a re-run of the shard)', 'taken']
  ])('%s: one warning naming the artifact and what the merge will say, never a throw', async (_what, how) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'go-gate-artifact-fail-'))
    const file = path.join(dir, 'report.json')
    writeFileSync(file, '{}\n')
    inJob('job-shard-2')
    if (how === 'taken')
      await new DefaultArtifactClient().uploadArtifact('go-gate-shard-2-of-3-test-0000abcd', [file], dir)
    else process.env.ACTIONS_RESULTS_URL = `http://127.0.0.1:${await closedPort()}/`
    const reporter = recording()
    expect(await uploadShardResult('go-gate-shard-2-of-3-test-0000abcd', [file], dir, reporter)).toBe(false)
    expect(reporter.warnings).toHaveLength(1)
    expect(reporter.warnings[0]).toMatch(
      /^go-gate could not upload this shard's result as the artifact go-gate-shard-2-of-3-test-0000abcd: .+\. The merge job will report this shard as missing\.$/s
    )
  })
  test('a blob store that refuses the upload with an empty body: the warning says how (HTTP 401), not ": ."', async () => {
    // nektos/act v0.2.89 answers the Azure client's blob PUT so (nektos/act#6114): the client's
    // RestError then has an empty message.
    const dir = mkdtempSync(path.join(tmpdir(), 'go-gate-artifact-refused-'))
    const file = path.join(dir, 'report.json')
    writeFileSync(file, '{}\n')
    inJob('job-shard-3')
    server.refuseBlobUploads = 401
    const reporter = recording()
    try {
      expect(await uploadShardResult('go-gate-shard-3-of-3-test-0000abcd', [file], dir, reporter)).toBe(false)
    } finally {
      server.refuseBlobUploads = undefined
    }
    expect(reporter.warnings).toEqual([
      "go-gate could not upload this shard's result as the artifact go-gate-shard-3-of-3-test-0000abcd: RestError (HTTP 401, no message). The merge job will report this shard as missing."
    ])
  })
})
