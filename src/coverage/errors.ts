// The one error the coverage core throws for a bad profile. The pipeline turns it into
// an internal-error or invalid-input message; the text already names file and line.

/** What was wrong, so the caller can pick a root cause without matching message text. */
export type CoverageProfileProblem =
  | 'missing-mode' // first line is not `mode: set|count|atomic`
  | 'mixed-modes' // a later `mode:` line names another mode
  | 'malformed-line' // a block line that is truncated or not in the block format
  | 'numstmt-mismatch' // one range listed with two statement counts
  | 'outside-module' // a file that maps to none of the given modules / the repository

export class CoverageProfileError extends Error {
  override readonly name = 'CoverageProfileError'

  /**
   * @param file   the profile as the user knows it (repository-relative when inside it)
   * @param line   1-based line of the profile the problem is on
   * @param detail the problem alone, without the `coverage profile F line N:` prefix
   */
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: CoverageProfileProblem,
    readonly detail: string
  ) {
    super(`coverage profile ${file} line ${line}: ${detail}`)
  }
}
