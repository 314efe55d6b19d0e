// Go versions as go.mod and `go env GOVERSION` write them: `1.22`, `1.22.3`,
// `1.21rc2`, `go1.26.8`. Since Go 1.21, 1.21 < 1.21rc1 < 1.21.0 < 1.21.1.

export interface GoVersion {
  major: number
  minor: number
  /** Patch release; -1 for a language version (`1.21`) or a prerelease. */
  patch: number
  /** Prerelease order: 0 for none, rcN → N, betaN → N - 100 (betas before rcs). */
  pre: number
  text: string
}

const VERSION = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+)|(rc|beta)(\d+))?$/

/** Parses a Go version; undefined for `devel` builds and anything unreadable. */
export function parseGoVersion(text: string): GoVersion | undefined {
  const m = VERSION.exec(text.trim())
  if (!m) return undefined
  const major = Number(m[1])
  const minor = Number(m[2])
  if (m[3] !== undefined) return { major, minor, patch: Number(m[3]), pre: 0, text }
  if (m[4] !== undefined)
    return { major, minor, patch: -1, pre: m[4] === 'rc' ? Number(m[5]) : Number(m[5]) - 100, text }
  // A bare language version sorts before every release and prerelease of it.
  return { major, minor, patch: -1, pre: -1000, text }
}

/**
 * True when a Go version (`go1.26.8`, or a devel build's `devel go1.27-…`) is at
 * least major.minor; false when no version can be read.
 */
export function goAtLeast(text: string, major: number, minor: number): boolean {
  const loose = /go(\d+)\.(\d+)/.exec(text)
  const version = parseGoVersion(text) ?? (loose ? parseGoVersion(`${loose[1]}.${loose[2]}`) : undefined)
  if (!version) return false
  return version.major > major || (version.major === major && version.minor >= minor)
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareGoVersions(a: GoVersion, b: GoVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || a.pre - b.pre
}
