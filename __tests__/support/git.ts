// git for tests that build a repository of their own (two commits, a pull request, a shallow
// clone): a fixed author and no system configuration, so the machine's settings change nothing.
import { execFileSync } from 'node:child_process'

export const gitEnv: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'go-gate test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'go-gate test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1'
}

/** Runs git in `cwd` and returns its output, trimmed; throws when git fails. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: gitEnv,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe']
  }).trim()
}
