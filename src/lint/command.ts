// The `golangci-lint run` command line go-gate runs.
import { compareVersions } from './release.js'

/** Exit code golangci-lint is asked to use when it found issues. */
export const GOLANGCI_ISSUES_EXIT_CODE = 1

/**
 * Arguments of `golangci-lint run` (v2 flags): JSON to a file, so nothing else on stdout
 * can corrupt it; readable text on stdout for the log; absolute paths (v2.1+), because
 * relative ones are relative to the config file's folder, which need not be the module's.
 * The user's lint-args come last so they win.
 */
export function golangciRunArgs(version: string, jsonPath: string, userArgs: readonly string[]): string[] {
  return [
    'run',
    `--output.json.path=${jsonPath}`,
    '--output.text.path=stdout',
    `--issues-exit-code=${GOLANGCI_ISSUES_EXIT_CODE}`,
    // Wait for another golangci-lint on the machine instead of failing after 5s.
    '--allow-serial-runners',
    ...(compareVersions(version, '2.1.0') >= 0 ? ['--path-mode=abs'] : []),
    ...userArgs
  ]
}

/** The exit code that means "issues found", honouring an --issues-exit-code in the user's arguments. */
export function issuesExitCode(userArgs: readonly string[]): number {
  let code = GOLANGCI_ISSUES_EXIT_CODE
  for (let i = 0; i < userArgs.length; i++) {
    const arg = userArgs[i]
    const inline = /^--?issues-exit-code=(\d+)$/.exec(arg)
    if (inline) code = Number(inline[1])
    else if (/^--?issues-exit-code$/.test(arg) && /^\d+$/.test(userArgs[i + 1] ?? ''))
      code = Number(userArgs[++i])
  }
  return code
}
