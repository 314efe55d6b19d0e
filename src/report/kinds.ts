// How each root-cause kind reads in a sentence. The slug (`mod-tidy`) is for
// machines, in the `root-cause-kind` output; people read the phrase.
import type { RootCauseKind } from '../model/report.js'

export interface KindPhrase {
  /** Joins the phrase to "The `unit` stage failed": `with` a noun, `because` a clause. */
  join: 'with' | 'because'
  /** The phrase itself, plain text: "a test failure", "go.mod is not tidy". */
  text: string
}

export const KIND_PHRASES: Readonly<Record<RootCauseKind, KindPhrase>> = {
  'invalid-input': { join: 'with', text: 'an invalid input' },
  toolchain: { join: 'with', text: 'a Go toolchain problem' },
  dependency: { join: 'with', text: 'a dependency that cannot be had' },
  'mod-tidy': { join: 'because', text: 'go.mod is not tidy' },
  lint: { join: 'with', text: 'a lint finding' },
  'compile-error': { join: 'with', text: 'a compile error' },
  'vet-error': { join: 'with', text: 'a vet error' },
  'test-failure': { join: 'with', text: 'a test failure' },
  panic: { join: 'with', text: 'a panic' },
  'data-race': { join: 'with', text: 'a data race' },
  timeout: { join: 'with', text: 'a timeout' },
  'package-failure': { join: 'with', text: 'a test binary that failed' },
  'coverage-below-threshold': { join: 'because', text: 'coverage is below the threshold' },
  'build-error': { join: 'with', text: 'a build error' },
  cancelled: { join: 'because', text: 'the job was cancelled' },
  'internal-error': { join: 'with', text: 'an error inside go-gate' }
}

/** A short label of a kind for tables and headings: "test failure", "go.mod not tidy". */
export const KIND_LABELS: Readonly<Record<RootCauseKind, string>> = {
  'invalid-input': 'invalid input',
  toolchain: 'toolchain problem',
  dependency: 'dependency',
  'mod-tidy': 'go.mod not tidy',
  lint: 'lint finding',
  'compile-error': 'compile error',
  'vet-error': 'vet error',
  'test-failure': 'test failure',
  panic: 'panic',
  'data-race': 'data race',
  timeout: 'timeout',
  'package-failure': 'test binary failed',
  'coverage-below-threshold': 'coverage below threshold',
  'build-error': 'build error',
  cancelled: 'cancelled',
  'internal-error': 'go-gate error'
}
