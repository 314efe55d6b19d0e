// The integration stage: `go test -json -tags=<integration-tags>` over the
// integration packages, read by the same reader and locator as unit. Skipped
// when no Go file carries the tags; services in wait-for are polled first.
import { open } from 'node:fs/promises'
import path from 'node:path'
import type { StageResult } from '../../model/report.js'
import type { WaitTarget } from '../../options.js'
import { formatDuration, formatLimit } from '../../text/duration.js'
import { emptyStageResult, type StageRunner } from '../context.js'
import { commonTestFlags, runGoTestJson, stopsAtFirstFailure } from '../gotest-run.js'
import { listModuleGoFiles } from '../module-files.js'
import { shardPackages, shownShardPackages } from '../shard.js'
import { waitForTargets } from '../wait.js'

export const runIntegrationStage: StageRunner = async (ctx) => {
  const { options } = ctx
  const tags = options.integration.tags.split(',').filter((t) => t !== '')
  const tagged = await findTaggedFile(options.moduleDir, tags, ctx.signal)
  if (!tagged) {
    const reason = `no Go file in the module has a //go:build line with ${tags.map((t) => `\`${t}\``).join(' or ')}`
    return {
      ...emptyStageResult('integration'),
      status: 'skipped',
      skipReason: reason,
      notes: [
        `Skipped: ${reason} (vendor/ and testdata/ are not searched). Set integration-tags to the tags your integration tests use.`
      ]
    }
  }

  const { flags: extra, tags: userTags } = splitTagsFlag(options.goTestFlags)
  const allTags = [...new Set([...userTags, ...tags])].join(',')
  const env = { ...ctx.env, ...options.integration.env }
  const patterns = options.integration.packages.length > 0 ? options.integration.packages : ['./...']
  // Split before waiting for services: a shard with no packages needs none.
  const sharded = await shardPackages(ctx, 'integration', patterns, { listFlags: [`-tags=${allTags}`], env })
  if (sharded && 'skipped' in sharded) return sharded.skipped

  if (options.integration.waitFor.length > 0) {
    const waited = await waitForServices(
      ctx.options.integration.waitFor,
      options.integration.waitForTimeoutMs,
      ctx
    )
    if (waited) {
      if (sharded && 'assignment' in sharded) waited.shard = sharded.assignment
      return waited
    }
  }

  const flags = [
    `-tags=${allTags}`,
    ...(options.integration.run !== '' ? ['-run', options.integration.run] : []),
    ...commonTestFlags(options),
    ...extra
  ]
  const outcome = await runGoTestJson(ctx, {
    stage: 'integration',
    flags,
    packages: sharded && 'packages' in sharded ? sharded.packages : patterns,
    shownPackages:
      sharded && 'packages' in sharded ? shownShardPackages(sharded.packages, sharded.assignment) : undefined,
    listFlags: [`-tags=${allTags}`],
    env,
    failFast: stopsAtFirstFailure(options)
  })
  const result = outcome.result
  if (sharded && 'assignment' in sharded) result.shard = sharded.assignment
  if (sharded && 'unsharded' in sharded) result.notes.push(sharded.unsharded)
  return result
}

async function waitForServices(
  targets: readonly WaitTarget[],
  timeoutMs: number,
  ctx: Parameters<StageRunner>[0]
): Promise<StageResult | undefined> {
  const result = emptyStageResult('integration')
  result.command = `wait-for ${targets.map((t) => t.shown).join(' ')}`
  ctx.reporter.info(
    `go-gate: waiting up to ${formatLimit(timeoutMs)} for ${targets.map((t) => t.shown).join(', ')}`
  )
  const results = await waitForTargets(targets, {
    timeoutMs,
    signal: ctx.signal,
    onRetry: (target, error, attempt) => {
      if (attempt === 1 || attempt % 10 === 0)
        ctx.reporter.info(`go-gate: ${target.shown} not answering yet: ${error}`)
    }
  })
  if (ctx.signal.aborted) return result
  for (const r of results) {
    if (r.ok) ctx.reporter.info(`go-gate: ${r.target.shown} answered after ${formatDuration(r.elapsedMs)}`)
  }
  const down = results.filter((r) => !r.ok)
  if (down.length === 0) return undefined
  result.status = 'failed'
  for (const r of down) {
    result.failures.push({
      kind: 'dependency',
      stage: 'integration',
      severity: 'error',
      title: `wait-for: ${r.target.shown} did not answer within ${formatLimit(timeoutMs)} (${r.lastError ?? 'no answer'})`,
      message: [
        `${r.target.shown} did not answer within wait-for-timeout (${formatLimit(timeoutMs)}), after ${r.attempts} attempt(s); the last one failed with: ${r.lastError ?? 'no answer'}.`,
        r.target.protocol === 'tcp'
          ? 'A tcp:// target answers when a connection to its port opens.'
          : 'An http(s):// target answers when a GET returns a 2xx or 3xx status.',
        'The integration tests did not run. Check that the service is started before go-gate (a service container, or a step that starts it) and listens on that address.'
      ].join('\n')
    })
  }
  return result
}

/** Takes `-tags` out of go-test-flags so it can be merged with the integration tags (the last -tags would win). */
export function splitTagsFlag(flags: readonly string[]): { flags: string[]; tags: string[] } {
  const rest: string[] = []
  const tags: string[] = []
  for (let i = 0; i < flags.length; i++) {
    const m = /^--?tags(?:=(.*))?$/.exec(flags[i])
    if (!m) {
      rest.push(flags[i])
      continue
    }
    const value = m[1] ?? flags[++i] ?? ''
    tags.push(...value.split(/[\s,]+/).filter((t) => t !== ''))
  }
  return { flags: rest, tags }
}

/** The tags a build constraint line mentions: `//go:build integration && !race` → integration, race. */
function constraintTags(line: string): string[] | undefined {
  const m = /^\/\/(?:go:build|\s*\+build)\s(.*)$/.exec(line.trim())
  return m ? m[1].split(/[^A-Za-z0-9_.]+/).filter((t) => t !== '') : undefined
}

/** Reads the lines before the package clause, where build constraints must be. */
async function headerLines(file: string): Promise<string[]> {
  const handle = await open(file, 'r')
  try {
    const buffer = Buffer.alloc(16 << 10)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    const lines: string[] = []
    for (const line of buffer.toString('utf8', 0, bytesRead).split('\n')) {
      if (/^\s*package\s/.test(line)) break
      lines.push(line)
    }
    return lines
  } finally {
    await handle.close()
  }
}

/** The first Go file of the module (as `./...` sees it) whose build constraint mentions one of the tags. */
export async function findTaggedFile(
  moduleDir: string,
  tags: readonly string[],
  signal?: AbortSignal
): Promise<string | undefined> {
  const wanted = new Set(tags)
  for (const file of await listModuleGoFiles(moduleDir, signal)) {
    if (signal?.aborted) return undefined
    const full = path.join(moduleDir, file)
    const lines = await headerLines(full).catch(() => [] as string[])
    if (lines.some((line) => constraintTags(line)?.some((t) => wanted.has(t)))) return full
  }
  return undefined
}
