// src/gobuild/ owns what `go build` output means: compiler, cgo and linker errors as failures with
// their locations. The build stage runs go build; this decides.
//
// From `go build` output to failures. The go command prints `# import/path`
// before each package's errors; compiler errors are `file:line:col: message`
// relative to the folder it ran in, cgo's C compiler says `error:`, and the
// linker prints no position at all.

import { isDependencyError, isToolchainError } from '../gomod/errors.js'
import { firstCompilerMessage, type PathResolver } from '../gotest/locate.js'
import { EXPLAINING_RANK, type Failure, type Phase, type RootCauseKind } from '../model/report.js'
import { MESSAGE_LINES } from '../text/lines.js'

/** `file.c:3:2: error: ...` and friends: the C compiler behind cgo, not Go's. */
const C_COMPILER = /^(?:fatal )?error: |^warning: /

interface Section {
  /** The package of a `# pkg` header; undefined for lines before any header. */
  pkg?: string
  lines: string[]
}

function sections(lines: readonly string[]): Section[] {
  const out: Section[] = [{ lines: [] }]
  for (const line of lines) {
    if (line.trim() === '') continue
    const header = /^# (\S+)/.exec(line)
    if (header) {
      out.push({ pkg: header[1], lines: [] })
      continue
    }
    // `go: ...` ends a package's section: it is the go command talking again.
    if (/^go: /.test(line) && out[out.length - 1].pkg !== undefined) out.push({ lines: [] })
    out[out.length - 1].lines.push(line)
  }
  return out.filter((s) => s.lines.length > 0)
}

/**
 * Explains a failed `go build`: one failure per package (or per go command
 * error), the one that explains the others first.
 */
export function explainBuildOutput(
  lines: readonly string[],
  resolver: PathResolver,
  stage: Phase
): Failure[] {
  const failures: { failure: Failure; seq: number }[] = []
  sections(lines).forEach((section, seq) => {
    const text = section.lines.join('\n')
    const { message: compiler, location } = firstCompilerMessage(section.lines, resolver)
    const first = compiler?.message
    const cgo =
      compiler !== undefined && (C_COMPILER.test(compiler.message) || !compiler.file.endsWith('.go'))
    let kind: RootCauseKind
    if (isToolchainError(text)) kind = 'toolchain'
    else if (isDependencyError(text)) kind = 'dependency'
    else if (first !== undefined && !cgo) kind = 'compile-error'
    else kind = 'build-error'
    const firstLine = first ?? section.lines.find((l) => l.trim() !== '') ?? 'see the output'
    const subject = section.pkg ?? 'go build'
    const what =
      kind === 'compile-error'
        ? 'does not compile'
        : kind === 'dependency'
          ? 'cannot be set up'
          : kind === 'toolchain'
            ? 'cannot be built with this Go'
            : first !== undefined
              ? 'fails in cgo'
              : section.pkg !== undefined
                ? 'does not link'
                : 'failed'
    failures.push({
      seq,
      failure: {
        kind,
        stage,
        severity: 'error',
        package: section.pkg,
        location,
        title: `${subject} ${what}: ${firstLine.replace(/^go: /, '')}`,
        // The package is in the title; the message starts with what go said, for one-line uses.
        message: section.lines.slice(0, MESSAGE_LINES).join('\n'),
        output: section.lines.length > MESSAGE_LINES ? [...section.lines] : undefined
      }
    })
  })
  failures.sort((a, b) => EXPLAINING_RANK[a.failure.kind] - EXPLAINING_RANK[b.failure.kind] || a.seq - b.seq)
  return failures.map((f) => f.failure)
}
