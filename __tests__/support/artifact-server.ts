// A local stand-in for the artifact service @actions/artifact 6 talks to on github.com
// (artifact service v4): Twirp JSON calls at ACTIONS_RESULTS_URL (CreateArtifact,
// FinalizeArtifact, ListArtifacts, GetSignedArtifactURL) and the zip blobs at the signed URLs
// they hand out (twirp-blob.ts). The client finds its workflow run and job in the runtime token,
// a JWT whose `scp` claim holds `Actions.Results:<run>:<job>`: each job gets its own token.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { BlobStore, json, listenService, readBody, twirpError } from './twirp-blob.js'

export interface StoredArtifact {
  id: number
  runId: string
  jobId: string
  name: string
  size: number
  finalized: boolean
  createdAt: number
  digest?: string
}

export interface ArtifactServer {
  /** ACTIONS_RESULTS_URL, ending in '/'. */
  readonly url: string
  readonly runId: string
  readonly artifacts: StoredArtifact[]
  /** Every request seen: Twirp method names, or `PUT blob`, `GET blob`, ... */
  readonly calls: string[]
  /**
   * A fault: every blob PUT answered with this status and an empty body, as nektos/act's artifact
   * server answers a signature it cannot check (act v0.2.89, nektos/act#6114).
   */
  refuseBlobUploads?: number
  /** The environment @actions/artifact reads in the job `jobId` of this workflow run. */
  env(jobId: string): Record<string, string>
  close(): Promise<void>
}

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/'
const BLOB_PATH = /^\/devstoreaccount1\/actions-results\/(\d+)$/

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url')
}

/** A runtime token as the runner hands it to a job: an (unsigned here) JWT the client decodes. */
export function runtimeToken(runId: string, jobId: string): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))
  const payload = base64url(
    JSON.stringify({ scp: `Actions.GenericRead:${runId} Actions.Results:${runId}:${jobId}`, iat: 0 })
  )
  return `${header}.${payload}.c2lnbmF0dXJl`
}

/** The run and job a runtime token names, or undefined when it is not one. */
export function tokenScope(token: string | undefined): { runId: string; jobId: string } | undefined {
  const payload = token?.split('.')[1]
  if (!payload) return undefined
  try {
    const scp = String(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')).scp ?? '')
    const m = /(?:^| )Actions\.Results:([^: ]+):([^: ]+)/.exec(scp)
    return m ? { runId: m[1], jobId: m[2] } : undefined
  } catch {
    return undefined
  }
}

export async function startArtifactServer(runId = 'run-4242'): Promise<ArtifactServer> {
  const store = new BlobStore()
  const artifacts: StoredArtifact[] = []
  let nextId = 1
  const signedUrl = (id: number, sig: string) =>
    `${service.base}devstoreaccount1/actions-results/${id}?sv=2025-01-05&sig=${sig}`

  const twirp = async (method: string, req: IncomingMessage, res: ServerResponse) => {
    const scope = tokenScope(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1])
    if (!scope || scope.runId !== runId) return twirpError(res, 401, 'unauthenticated', 'no valid token')
    const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as Record<string, unknown>
    if (body.workflow_run_backend_id !== runId)
      return twirpError(res, 403, 'permission_denied', 'another workflow run')
    const name = String(body.name ?? '')
    const ofRun = artifacts.filter((a) => a.runId === runId)
    if (method === 'CreateArtifact') {
      // Names are unique per workflow run: a second upload of a name is refused.
      if (ofRun.some((a) => a.name === name && a.finalized))
        return twirpError(res, 409, 'already_exists', `an artifact named ${name} already exists`)
      const artifact: StoredArtifact = {
        id: nextId++,
        runId,
        jobId: String(body.workflow_job_run_backend_id ?? ''),
        name,
        size: 0,
        finalized: false,
        createdAt: Date.now()
      }
      artifacts.push(artifact)
      return json(res, 200, { ok: true, signed_upload_url: signedUrl(artifact.id, 'upload') })
    }
    if (method === 'FinalizeArtifact') {
      const artifact = ofRun.find((a) => a.name === name && !a.finalized)
      const size = Number(body.size ?? 0)
      const actual = artifact ? await store.size(artifact.id) : -1
      if (!artifact || actual !== size) return json(res, 200, { ok: false, artifact_id: '0' })
      artifact.finalized = true
      artifact.size = size
      if (typeof body.hash === 'string') artifact.digest = body.hash
      return json(res, 200, { ok: true, artifact_id: String(artifact.id) })
    }
    if (method === 'ListArtifacts') {
      const nameFilter = typeof body.name_filter === 'string' ? body.name_filter : undefined
      const idFilter = body.id_filter !== undefined ? Number(body.id_filter) : undefined
      const listed = ofRun.filter(
        (a) =>
          a.finalized &&
          (nameFilter === undefined || a.name === nameFilter) &&
          (idFilter === undefined || a.id === idFilter)
      )
      return json(res, 200, {
        artifacts: listed.map((a) => ({
          workflow_run_backend_id: a.runId,
          workflow_job_run_backend_id: a.jobId,
          database_id: String(a.id),
          name: a.name,
          size: String(a.size),
          created_at: new Date(a.createdAt).toISOString(),
          ...(a.digest ? { digest: a.digest } : {})
        }))
      })
    }
    if (method === 'GetSignedArtifactURL') {
      const artifact = ofRun.find((a) => a.name === name && a.finalized)
      if (!artifact) return twirpError(res, 404, 'not_found', `no artifact named ${name}`)
      return json(res, 200, { signed_url: signedUrl(artifact.id, 'download') })
    }
    return twirpError(res, 404, 'bad_route', `no method ${method}`)
  }

  const blob = async (id: number, url: URL, req: IncomingMessage, res: ServerResponse) => {
    const artifact = artifacts.find((a) => a.id === id)
    if (!artifact) return BlobStore.notFound(res)
    if (req.method === 'PUT' && server.refuseBlobUploads) {
      await readBody(req)
      return void res.writeHead(server.refuseBlobUploads).end()
    }
    if (req.method === 'PUT') return store.put(id, url, req, res)
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (!artifact.finalized) return BlobStore.notFound(res)
      return store.get(id, req, res, { contentType: 'application/zip', lastModified: artifact.createdAt })
    }
    BlobStore.notAllowed(res)
  }

  const service = await listenService({ twirpPrefix: TWIRP_PREFIX, blobPath: BLOB_PATH, twirp, blob })
  const server: ArtifactServer = {
    url: service.base,
    runId,
    artifacts,
    calls: service.calls,
    env(jobId: string) {
      return {
        ACTIONS_RUNTIME_TOKEN: runtimeToken(runId, jobId),
        ACTIONS_RESULTS_URL: service.base,
        GITHUB_SERVER_URL: 'https://github.com'
      }
    },
    async close() {
      await service.close()
      store.remove()
    }
  }
  return server
}
