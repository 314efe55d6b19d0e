// The lines a pull request changed, from git: the base commit fetched when a shallow checkout
// lacks it, `git diff --unified=0` from the merge base, and which changed Go files are generated.
// The diff is read by the core (coverage/patch.ts); git's failures become a note, never a failure.
import { open } from 'node:fs/promises'
import path from 'node:path'
import {
  type ChangedFile,
  isCoverableGoFile,
  isGeneratedGoSource,
  parseUnifiedDiff
} from '../coverage/index.js'
import type { CommandContext } from './context.js'
import { runModuleCommand } from './go-command.js'
import { runCapturingOutput } from './process.js'

export interface ChangedLines {
  /** The commit the diff starts from: the merge base of base and HEAD, else the base itself. */
  from: string
  /** Repository-relative (to the workspace) changed files and their added lines. */
  changes: ChangedFile[]
  /** Changed Go files marked `// Code generated ... DO NOT EDIT.` */
  generated: Set<string>
  /** Sentences for the summary (how the base was found). */
  notes: string[]
}

/** Go's marker must come before the package clause; licence headers are rarely longer than this. */
const HEAD_BYTES = 32 * 1024

// Never ask for credentials on a terminal that is not there.
const GIT_ENV = { GIT_TERMINAL_PROMPT: '0' }

/**
 * The changed lines between `baseSha` and the working tree (which is HEAD on a runner), or a
 * sentence saying why there are none. Diffing the working tree keeps the lines in step with what
 * the tests ran on. The diff starts at the merge base of the base commit and HEAD, so commits that
 * landed on the base branch since are not counted as the pull request's; a pull request's merge
 * commit has the base commit as its first parent, so there the merge base is the base commit.
 * A shallow checkout often has no merge base (HEAD has no parents): then the diff starts at the base
 * commit itself, which for the merge commit actions/checkout makes is the same thing.
 */
export async function readChangedLines(ctx: CommandContext, baseSha: string): Promise<ChangedLines | string> {
  const { workspace, workingDirectory } = ctx.options
  const env = { ...ctx.env, ...GIT_ENV }
  const git = (args: string[], announce = true) =>
    runModuleCommand(ctx, 'git', ['-C', workspace, ...args], { env, echo: false, announce })
  const notes: string[] = []
  if (!/^[0-9a-f]{7,64}$/i.test(baseSha))
    return `the base commit ${JSON.stringify(baseSha)} is not a commit id`
  const inside = await git(['rev-parse', '--is-inside-work-tree'], false)
  if (inside.spawnError) return 'git is not on PATH'
  if (inside.exitCode !== 0) return `${workspace} is not a git checkout`
  const has = async () => (await git(['cat-file', '-e', `${baseSha}^{commit}`], false)).exitCode === 0
  if (!(await has())) {
    // A depth-1 checkout holds HEAD only: fetch the one commit the diff needs.
    const fetch = await git(['fetch', '--no-tags', '--no-recurse-submodules', '--depth=1', 'origin', baseSha])
    if (fetch.exitCode !== 0 || !(await has())) {
      const why = gitReason(fetch.stderr) ?? `exit status ${fetch.exitCode}`
      return `the base commit ${baseSha.slice(0, 7)} is not in the checkout and git fetch --depth=1 origin ${baseSha.slice(0, 7)} failed (${why})`
    }
    notes.push(
      `The base commit ${baseSha.slice(0, 7)} was fetched (git fetch --depth=1): the checkout was shallow.`
    )
  }
  const mergeBase = await git(['merge-base', baseSha, 'HEAD'], false)
  const from = mergeBase.exitCode === 0 && mergeBase.stdout.trim() !== '' ? mergeBase.stdout.trim() : baseSha
  const args = [
    '-C',
    workspace,
    '-c',
    'core.quotePath=false',
    'diff',
    '--unified=0',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--find-renames',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    '--relative',
    from,
    '--',
    workingDirectory
  ]
  const diff = await readAll(ctx, args, env)
  if (typeof diff !== 'string') return diff.error
  const changes = parseUnifiedDiff(diff)
  const generated = new Set<string>()
  for (const change of changes) {
    if (!isCoverableGoFile(change.file)) continue
    const head = await readHead(path.join(workspace, change.file))
    if (head !== undefined && isGeneratedGoSource(head)) generated.add(change.file)
  }
  return { from, changes, generated, notes }
}

/**
 * The commit a ref names in the repository at `workspace` (the CLI's --base), or undefined when
 * git does not know it (or there is no git).
 */
export async function resolveCommit(
  workspace: string,
  ref: string,
  env: NodeJS.ProcessEnv
): Promise<string | undefined> {
  const result = await runCapturingOutput(
    'git',
    ['-C', workspace, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`],
    { cwd: workspace, env: { ...env, ...GIT_ENV } }
  )
  if (result.spawnError || result.exitCode !== 0) return undefined
  const sha = result.stdout.trim()
  return /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined
}

/** A diff larger than this is not read: patch coverage is not measured rather than held in memory. */
const MAX_DIFF_BYTES = 64 << 20

/** Runs git with stdout kept whole (a diff is data, not log), stderr's last line for a failure. */
async function readAll(
  ctx: CommandContext,
  args: string[],
  env: NodeJS.ProcessEnv
): Promise<string | { error: string }> {
  ctx.reporter.info(`$ git ${args.join(' ')}`)
  const result = await runCapturingOutput('git', args, {
    cwd: ctx.options.workspace,
    env,
    signal: ctx.signal,
    maxBytes: MAX_DIFF_BYTES
  })
  if (result.spawnError) return { error: 'git is not on PATH' }
  if (result.exitCode !== 0) {
    const why = gitReason(result.stderr) ?? `exit status ${result.exitCode}`
    return { error: `git diff failed (${why})` }
  }
  if (result.stdoutCut) return { error: `the diff is larger than ${MAX_DIFF_BYTES >> 20} MiB` }
  return result.stdout
}

async function readHead(file: string): Promise<string | undefined> {
  try {
    const handle = await open(file, 'r')
    try {
      const buffer = Buffer.alloc(HEAD_BYTES)
      const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0)
      return buffer.subarray(0, bytesRead).toString('utf8')
    } finally {
      await handle.close()
    }
  } catch {
    return undefined
  }
}

/** What git said went wrong: its first `fatal:` or `error:` line (the hints after it say less), else its last line. */
function gitReason(text: string): string | undefined {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
  const fatal = lines.find((l) => /^(?:fatal|error): /.test(l))
  return fatal ? fatal.replace(/^(?:fatal|error): /, '') : lines[lines.length - 1]
}
