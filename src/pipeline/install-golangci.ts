// Finds golangci-lint at the wanted version: the binary on PATH when its version
// matches, else the runner's tool cache, else the release archive, downloaded,
// checked against the release's checksums file and cached with @actions/tool-cache.
// Never throws for a tool that cannot be had: the lint stage then falls back.
import { createHash } from 'node:crypto'
import { lookup } from 'node:dns/promises'
import { createReadStream, existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { errorMessage } from '../errors.js'
import {
  bareVersion,
  GOLANGCI_RELEASE_BASE_URL,
  parseChecksums,
  parseGolangciVersion,
  type ReleaseAsset,
  releaseAsset,
  releaseUrl
} from '../lint/release.js'
import { runCapturingOutput } from './process.js'

/** Overrides where releases are downloaded from (a mirror; the tests' local server). */
export const GOLANGCI_BASE_URL_ENV = 'GO_GATE_GOLANGCI_LINT_BASE_URL'
const TOOL_NAME = 'golangci-lint'

export interface GolangciLintBinary {
  /** What to run: `golangci-lint` (found on PATH) or an absolute path. */
  path: string
  /** The version it reports, without the v. */
  version: string
  from: 'PATH' | 'tool-cache' | 'download'
}

export type GolangciLintLookup =
  | { found: true; binary: GolangciLintBinary }
  | { found: false; reason: string }

export interface FindGolangciLintOptions {
  /** `v2.15.0` */
  version: string
  /** Environment for the version check and where PATH, RUNNER_TOOL_CACHE and the base URL come from. */
  env: NodeJS.ProcessEnv
  /** Scratch folder for the download. */
  tempDir: string
  signal: AbortSignal
  log: (message: string) => void
}

export async function findGolangciLint(options: FindGolangciLintOptions): Promise<GolangciLintLookup> {
  const wanted = bareVersion(options.version)
  const onPath = await reportedVersion('golangci-lint', options)
  if (onPath === wanted) {
    options.log(`Using golangci-lint ${wanted} from PATH.`)
    return { found: true, binary: { path: 'golangci-lint', version: wanted, from: 'PATH' } }
  }
  options.log(
    onPath === undefined
      ? `golangci-lint is not on PATH; installing v${wanted}.`
      : `golangci-lint on PATH is ${onPath}, not ${wanted}; installing v${wanted}.`
  )
  const asset = releaseAsset(wanted, process.platform, process.arch)
  if (!asset)
    return {
      found: false,
      reason: `golangci-lint publishes no release for ${process.platform}/${process.arch}`
    }
  try {
    return await withToolCacheEnv(options, () => fromToolCache(asset, options))
  } catch (error) {
    if (options.signal.aborted) return { found: false, reason: 'the stage was stopped' }
    return { found: false, reason: errorMessage(error) }
  }
}

/** @actions/tool-cache and its HTTP stack load only when the binary is not on PATH: start-up stays quick. */
function loadToolCache(): Promise<typeof import('@actions/tool-cache')> {
  return import('@actions/tool-cache')
}

async function fromToolCache(
  asset: ReleaseAsset,
  options: FindGolangciLintOptions
): Promise<GolangciLintLookup> {
  const tc = await loadToolCache()
  const cached = tc.find(TOOL_NAME, asset.version)
  if (cached !== '') {
    const binary = path.join(cached, asset.binary)
    if ((await reportedVersion(binary, options)) === asset.version) {
      options.log(`Using golangci-lint ${asset.version} from the tool cache (${cached}).`)
      return { found: true, binary: { path: binary, version: asset.version, from: 'tool-cache' } }
    }
    options.log(
      `The tool cache holds golangci-lint ${asset.version} at ${cached}, but it does not run; downloading it again.`
    )
  }

  const base = options.env[GOLANGCI_BASE_URL_ENV]?.trim() || GOLANGCI_RELEASE_BASE_URL
  const downloads = await mkdtemp(path.join(options.tempDir, 'golangci-lint-'))
  const checksumsUrl = releaseUrl(base, asset.version, asset.checksums)
  const archiveUrl = releaseUrl(base, asset.version, asset.archive)
  const unresolvable = await unresolvableHost(checksumsUrl, options.env)
  if (unresolvable) throw new Error(unresolvable)
  options.log(`Downloading ${archiveUrl} and ${asset.checksums}`)
  const checksumsFile = await download(checksumsUrl, path.join(downloads, asset.checksums), options.signal)
  const expected = parseChecksums(await readFile(checksumsFile, 'utf8')).get(asset.archive)
  if (!expected)
    throw new Error(`${asset.checksums} has no checksum for ${asset.archive}; refusing to install it`)
  const archive = await download(archiveUrl, path.join(downloads, asset.archive), options.signal)
  const actual = await sha256File(archive)
  if (actual !== expected) {
    throw new Error(
      `checksum mismatch for ${asset.archive}: ${asset.checksums} says sha256 ${expected}, the download is ${actual}; refusing to install it`
    )
  }
  options.log(`Checksum of ${asset.archive} verified (sha256 ${actual}).`)

  const extractTo = path.join(downloads, 'extracted')
  await mkdir(extractTo, { recursive: true })
  const extracted =
    asset.format === 'zip' ? await tc.extractZip(archive, extractTo) : await tc.extractTar(archive, extractTo)
  const folder = existsSync(path.join(extracted, asset.folder, asset.binary))
    ? path.join(extracted, asset.folder)
    : extracted
  if (!existsSync(path.join(folder, asset.binary))) {
    throw new Error(`${asset.archive} holds no ${asset.folder}/${asset.binary}`)
  }
  const toolDir = await tc.cacheDir(folder, TOOL_NAME, asset.version)
  const binary = path.join(toolDir, asset.binary)
  const version = await reportedVersion(binary, options)
  if (version !== asset.version) {
    throw new Error(
      `the downloaded golangci-lint reports version ${version ?? '(none)'}, not ${asset.version}`
    )
  }
  options.log(`Installed golangci-lint ${asset.version} into the tool cache (${toolDir}).`)
  return { found: true, binary: { path: binary, version: asset.version, from: 'download' } }
}

/** The version a golangci-lint binary reports; undefined when it cannot be run. */
async function reportedVersion(
  binary: string,
  options: FindGolangciLintOptions
): Promise<string | undefined> {
  const result = await runCapturingOutput(binary, ['version'], {
    cwd: options.tempDir,
    env: options.env,
    signal: options.signal,
    timeoutMs: 60_000
  })
  if (result.spawnError || result.exitCode !== 0) return undefined
  return parseGolangciVersion(`${result.stdout}\n${result.stderr}`)
}

async function download(url: string, dest: string, signal: AbortSignal): Promise<string> {
  const tc = await loadToolCache()
  try {
    return await abortable(tc.downloadTool(url, dest), signal)
  } catch (error) {
    const status = error instanceof tc.HTTPError ? `HTTP ${error.httpStatusCode}` : errorMessage(error)
    throw new Error(`downloading ${url} failed: ${status}`)
  }
}

/**
 * Without a proxy, a host name that does not resolve means no network: say so at once, where
 * tool-cache would retry twice, 10 to 20 seconds apart. Behind a proxy only the proxy resolves it.
 */
async function unresolvableHost(url: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const proxied = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'].some(
    (key) => (env[key] ?? '') !== ''
  )
  if (proxied) return undefined
  const host = new URL(url).hostname
  try {
    await lookup(host)
    return undefined
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? errorMessage(error)
    return `${host} cannot be resolved (${code}); no network?`
  }
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Settles with the promise, or rejects as soon as the signal aborts (a download has no signal of its own). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('stopped'))
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('stopped'))
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      }
    )
  })
}

/**
 * @actions/tool-cache reads RUNNER_TOOL_CACHE and RUNNER_TEMP from process.env. Take them from
 * the stage's environment; outside a runner (the CLI), cache under ~/.cache/go-gate.
 */
async function withToolCacheEnv<T>(options: FindGolangciLintOptions, fn: () => Promise<T>): Promise<T> {
  const keys = ['RUNNER_TOOL_CACHE', 'RUNNER_TEMP'] as const
  const saved = keys.map((key) => process.env[key])
  process.env.RUNNER_TOOL_CACHE =
    options.env.RUNNER_TOOL_CACHE ||
    process.env.RUNNER_TOOL_CACHE ||
    path.join(os.homedir(), '.cache', 'go-gate', 'tool-cache')
  process.env.RUNNER_TEMP = options.env.RUNNER_TEMP || process.env.RUNNER_TEMP || options.tempDir
  try {
    return await fn()
  } finally {
    keys.forEach((key, i) => {
      if (saved[i] === undefined) delete process.env[key]
      else process.env[key] = saved[i]
    })
  }
}
