// GitHub's results service as one job sees it: the cache service and the artifact service behind
// one ACTIONS_RESULTS_URL, both taking the job's runtime token. Joins a cache stand-in (shared by
// every workflow run, as the repository's cache is) and the artifact stand-in of one workflow run
// by forwarding each Twirp call to the stand-in it is meant for; the blobs are fetched from the
// signed URLs each stand-in hands out, as on github.com.
import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ArtifactServer } from './artifact-server.js'
import type { CacheServer } from './cache-server.js'

const CACHE_PREFIX = '/twirp/github.actions.results.api.v1.CacheService/'

export interface ResultsService {
  readonly url: string
  /** The environment of the matrix leg (or job) `jobId` of the artifact stand-in's workflow run. */
  env(jobId: string): Record<string, string>
  close(): Promise<void>
}

export async function joinResultsServices(
  cache: CacheServer,
  artifacts: ArtifactServer
): Promise<ResultsService> {
  const front = createServer((req, res) => {
    const target = new URL(
      req.url ?? '/',
      (req.url ?? '').startsWith(CACHE_PREFIX) ? cache.url : artifacts.url
    )
    const forwarded = request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      }
    )
    forwarded.on('error', () => res.destroy())
    req.pipe(forwarded)
  })
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(front.address() as AddressInfo).port}/`
  return {
    url,
    env(jobId: string) {
      return {
        ...cache.env(),
        ...artifacts.env(jobId),
        ACTIONS_RESULTS_URL: url,
        ACTIONS_CACHE_SERVICE_V2: 'true'
      }
    },
    async close() {
      front.closeAllConnections()
      await new Promise<void>((resolve) => front.close(() => resolve()))
    }
  }
}
