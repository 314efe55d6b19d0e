// A local stand-in for the part of GitHub's REST API the pull-request comment
// uses, answering the way api.github.com does: issue comments listed oldest
// first, `per_page` (default 30, at most 100) and `page`, with a Link header
// (rel="next"/"last"/"first"/"prev") over full URLs; create (201) and update
// (200). It records every request and can be switched to answer as GitHub does
// when it refuses: a fork's read-only token (403 on writes), a secondary rate
// limit (403 with retry-after), the primary limit (429 with x-ratelimit-reset),
// a server error (500).

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll } from '@jest/globals'
import { readBody } from './twirp-blob.js'

export interface StoredComment {
  id: number
  body: string
  user: { login: string; type: 'Bot' | 'User' }
  created_at: string
  updated_at: string
}

export interface RecordedRequest {
  method: string
  /** Path without the query: `/repos/acme/shop/issues/7/comments`. */
  path: string
  query: Record<string, string>
  authorization?: string
  userAgent?: string
  body?: unknown
  /** What the stand-in answered. */
  status: number
}

export type ApiAnswer =
  /** Reads succeed, writes answer 403 "Resource not accessible by integration", as for a fork's token. */
  | 'fork'
  /** 403 "You have exceeded a secondary rate limit", retry-after: `retryAfter` seconds. */
  | 'secondary-limit'
  /** 429 with x-ratelimit-remaining: 0 and x-ratelimit-reset `resetIn` seconds from now. */
  | 'primary-limit'
  | 'server-error'
  /** The request is accepted and never answered. */
  | 'hang'

export interface GitHubApi {
  /** GITHUB_API_URL: no trailing slash, as the runner sets it. */
  readonly url: string
  /** The token the stand-in accepts (`Authorization: token <token>`); others get 401. */
  readonly token: string
  /** Comments by pull request number, oldest first. */
  readonly comments: Map<number, StoredComment[]>
  readonly requests: RecordedRequest[]
  /** An answer given to every request until cleared (`undefined`). */
  always: ApiAnswer | undefined
  /** Answers given once each to the next requests, before `always`. */
  readonly next: ApiAnswer[]
  /** retry-after of 'secondary-limit', in seconds. */
  retryAfter: number
  /** Seconds from now to x-ratelimit-reset of 'primary-limit'. */
  resetIn: number
  /** Adds `count` comments to a pull request; `marked` maps an index to the body it gets. */
  seed(pr: number, count: number, bodies?: Record<number, { body: string; bot?: boolean }>): void
  /** Forgets every comment and request and answers normally again, as after a fresh start. */
  reset(): void
  close(): Promise<void>
}

/** One stand-in for the test file: started before its tests (handed to `started`), reset after each, closed at the end. */
export function useGitHubApi(started: (api: GitHubApi) => void): void {
  let api: GitHubApi | undefined
  beforeAll(async () => {
    api = await startGitHubApi()
    started(api)
  })
  afterEach(() => api?.reset())
  afterAll(async () => {
    await api?.close()
  })
}

export const API_TOKEN = 'ghs_standInToken0123456789abcdefABCDEF'

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | number> = {}
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-github-media-type': 'github.v3; format=json',
    ...headers
  })
  res.end(text)
}

export async function startGitHubApi(): Promise<GitHubApi> {
  const comments = new Map<number, StoredComment[]>()
  const requests: RecordedRequest[] = []
  let nextId = 1_000_001
  let base = ''

  const stamp = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z')
  const make = (body: string, bot: boolean): StoredComment => ({
    id: nextId++,
    body,
    user: bot ? { login: 'github-actions[bot]', type: 'Bot' } : { login: 'octocat', type: 'User' },
    created_at: stamp(),
    updated_at: stamp()
  })

  /** GitHub's Link header: first and prev from page 2 on, next and last before the last page. */
  const linkHeader = (path: string, query: Record<string, string>, page: number, last: number): string => {
    const at = (p: number) => {
      const q = new URLSearchParams({ ...query, page: String(p) })
      return `<${base}${path}?${q}>`
    }
    const links: string[] = []
    if (page > 1) links.push(`${at(page - 1)}; rel="prev"`)
    if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`)
    if (page > 1) links.push(`${at(1)}; rel="first"`)
    return links.join(', ')
  }

  const refuse = (answer: ApiAnswer, write: boolean, res: ServerResponse): number | undefined => {
    switch (answer) {
      case 'fork':
        if (!write) return undefined
        send(res, 403, {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
          status: '403'
        })
        return 403
      case 'secondary-limit':
        send(
          res,
          403,
          {
            message:
              'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
            documentation_url:
              'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits'
          },
          { 'retry-after': api.retryAfter }
        )
        return 403
      case 'primary-limit':
        send(
          res,
          429,
          {
            message: 'API rate limit exceeded for installation.',
            documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api'
          },
          {
            'x-ratelimit-limit': 5000,
            'x-ratelimit-remaining': 0,
            'x-ratelimit-used': 5000,
            'x-ratelimit-reset': Math.ceil(Date.now() / 1000 + api.resetIn)
          }
        )
        return 429
      case 'server-error':
        send(res, 500, { message: 'Server Error' })
        return 500
      case 'hang':
        return 0
    }
  }

  const handle = async (
    req: IncomingMessage,
    res: ServerResponse,
    record: RecordedRequest
  ): Promise<number> => {
    const url = new URL(req.url ?? '/', base)
    // GitHub Enterprise Server serves the API under /api/v3 (GITHUB_API_URL says so); links keep it.
    const asked = url.pathname
    url.pathname = url.pathname.replace(/^\/api\/v3(?=\/)/, '')
    const method = req.method ?? 'GET'
    const raw = await readBody(req)
    const body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined
    record.body = body
    const write = method !== 'GET'
    if (req.headers.authorization !== `token ${API_TOKEN}`) {
      send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' })
      return 401
    }
    const once = api.next.shift()
    for (const answer of [once, api.always]) {
      if (answer === undefined) continue
      const status = refuse(answer, write, res)
      if (status !== undefined) return status
    }
    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname)
    const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname)
    if (list && method === 'GET') {
      const all = comments.get(Number(list[3])) ?? []
      const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30) || 30)
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1)
      const last = Math.max(1, Math.ceil(all.length / perPage))
      const query = Object.fromEntries(url.searchParams)
      delete query.page
      const link: Record<string, string> = last > 1 ? { link: linkHeader(asked, query, page, last) } : {}
      send(res, 200, all.slice((page - 1) * perPage, page * perPage), link)
      return 200
    }
    if (list && method === 'POST') {
      const comment = make(String(body?.body ?? ''), true)
      const pr = Number(list[3])
      comments.set(pr, [...(comments.get(pr) ?? []), comment])
      send(res, 201, comment)
      return 201
    }
    if (one && method === 'PATCH') {
      const id = Number(one[3])
      const found = [...comments.values()].flat().find((c) => c.id === id)
      if (!found) {
        send(res, 404, { message: 'Not Found' })
        return 404
      }
      found.body = String(body?.body ?? '')
      found.updated_at = stamp()
      send(res, 200, found)
      return 200
    }
    send(res, 404, { message: 'Not Found' })
    return 404
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base)
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      userAgent: req.headers['user-agent'],
      status: 0
    }
    handle(req, res, record).then(
      (status) => {
        record.status = status
        requests.push(record)
      },
      (error) => {
        send(res, 500, { message: String(error) })
      }
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const api: GitHubApi = {
    url: base,
    token: API_TOKEN,
    comments,
    requests,
    always: undefined,
    next: [],
    retryAfter: 1,
    resetIn: 1,
    reset() {
      comments.clear()
      requests.length = 0
      api.next.length = 0
      api.always = undefined
      api.retryAfter = 1
      api.resetIn = 1
    },
    seed(pr, count, bodies = {}) {
      const list = comments.get(pr) ?? []
      for (let i = 0; i < count; i++) {
        const given = bodies[i]
        list.push(make(given?.body ?? `A review remark, number ${i + 1}.`, given?.bot ?? false))
      }
      comments.set(pr, list)
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
  return api
}
