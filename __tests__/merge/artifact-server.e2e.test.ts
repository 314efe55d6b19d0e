// The artifact stand-in speaks what the real @actions/artifact client speaks: a round trip of
// files through upload, list and download, names unique per workflow run, each job its own token.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DefaultArtifactClient } from '@actions/artifact'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { type ArtifactServer, startArtifactServer } from '../support/artifact-server.js'

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
