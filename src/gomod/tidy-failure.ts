// What the tidy stage's go commands failing means: a module that cannot be had
// (dependency, pointing at its require line) or go.mod/go.sum that are not tidy.
import type { Failure, Location } from '../model/report.js'
import { MESSAGE_LINES } from '../text/lines.js'
import { describeDrift, type TidyDrift } from './drift.js'
import { errorLines, modulesInError } from './errors.js'
import type { ModDirectives } from './modfile.js'

/** The module's go.mod as the failures point at it. */
export interface GoModFile {
  /** go.mod relative to the repository root. */
  goModFile: string
  directives: ModDirectives
}

/** What a go mod command left behind. */
export interface ModCommandOutput {
  stdout: string
  stderr: string
  exitCode: number | null
}

/** The require line of the first named module (or package, matched by module prefix) that go.mod requires. */
export function requirementLocation(files: GoModFile, modules: readonly string[]): Location | undefined {
  for (const name of modules) {
    const modulePath = name.split('@')[0]
    // A package path names its module by prefix.
    const req = files.directives.requires.find(
      (r) => modulePath === r.path || modulePath.startsWith(`${r.path}/`)
    )
    if (req) return { file: files.goModFile, line: req.line }
  }
  return undefined
}

function countedList(items: readonly string[], shown = 3): string {
  const more = items.length > shown ? ` and ${items.length - shown} more` : ''
  return `${items.slice(0, shown).join(', ')}${more}`
}

/** `go mod download`, `verify` or `tidy` failed: the modules it names, at their require line. */
export function dependencyFailure(what: string, run: ModCommandOutput, files: GoModFile): Failure {
  const output = `${run.stderr}\n${run.stdout}`
  const errors = errorLines(output)
  const modules = modulesInError(output)
  const first = errors.find((l) => l.startsWith('go: ')) ?? errors[0] ?? `exit status ${run.exitCode}`
  const named = modules.length > 0 ? ` for ${countedList(modules)}` : ''
  return {
    kind: 'dependency',
    stage: 'tidy',
    severity: 'error',
    location: requirementLocation(files, modules),
    title: `${what} failed${named}: ${first.replace(/^go: /, '')}`,
    message: errors.slice(0, MESSAGE_LINES).join('\n') || `${what} exited with status ${run.exitCode}.`,
    output: errors.length > MESSAGE_LINES ? errors : undefined
  }
}

/** go.mod or go.sum differ from what `go mod tidy` would write (drift undefined: the diff was not understood). */
export function driftFailure(drift: TidyDrift | undefined, files: GoModFile): Failure {
  const which = drift
    ? [drift.goModChanged && 'go.mod', drift.goSumChanged && 'go.sum'].filter(Boolean).join(' and ')
    : 'go.mod'
  const verb = which.includes(' and ') ? 'are' : 'is'
  const what = drift ? describeDrift(drift) : 'go mod tidy would change them'
  const details: string[] = []
  if (drift) {
    if (drift.removed.length > 0) details.push(`Required but not used: ${drift.removed.join(', ')}`)
    if (drift.added.length > 0) details.push(`Missing requirements: ${drift.added.join(', ')}`)
    if (drift.changed.length > 0) details.push(`Changed requirements: ${drift.changed.join(', ')}`)
    if (drift.sumMissing.length > 0) details.push(`Missing go.sum entries: ${drift.sumMissing.join(', ')}`)
    if (drift.sumUnused.length > 0) details.push(`Unused go.sum entries: ${drift.sumUnused.join(', ')}`)
    if (drift.otherGoModLines.length > 0)
      details.push(`Other go.mod changes: ${drift.otherGoModLines.join(', ')}`)
  }
  // go.sum lacking a module's hashes is a dependency that cannot be verified, not mere untidiness.
  const onlyMissingSums = drift !== undefined && drift.sumMissing.length > 0 && !drift.goModChanged
  return {
    kind: onlyMissingSums ? 'dependency' : 'mod-tidy',
    stage: 'tidy',
    severity: 'error',
    location: { file: files.goModFile, line: drift?.line ?? files.directives.module?.line ?? 1 },
    title: onlyMissingSums
      ? `go.sum has no entry for ${countedList(drift.sumMissing)}`
      : `${which} ${verb} not tidy: ${what}`,
    // The diff itself is in the summary (StageResult.diff), not repeated here.
    message: [
      `${which} ${verb} not tidy: ${what}. Run \`go mod tidy\` and commit the result.`,
      ...details
    ].join('\n')
  }
}
