// What Go itself says a repository's coverage is, to hold merged totals against: a profile of
// `go test -coverpkg=./... -coverprofile` and the `total:` line of `go tool cover -func` on it.
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' }

/** The profile of `go test -covermode=<mode> -coverpkg=./... <packages>` in `workspace`, failing tests or not. */
export function goTestProfile(workspace: string, packages: string[], mode: 'set' | 'count'): string {
  const profile = path.join(mkdtempSync(path.join(os.tmpdir(), 'go-gate-go-cover-')), 'c.out')
  try {
    execFileSync(
      'go',
      ['test', `-covermode=${mode}`, '-coverpkg=./...', `-coverprofile=${profile}`, ...packages],
      { cwd: workspace, env: goEnv, stdio: 'ignore' }
    )
  } catch {
    // A failing test fails go test; the profile is written all the same.
  }
  return profile
}

/** The `total:` percent `go tool cover -func` prints for a profile, as text (e.g. "47.0"). */
export function goToolCoverTotal(workspace: string, profile: string): string {
  const out = execFileSync('go', ['tool', 'cover', `-func=${profile}`], {
    cwd: workspace,
    env: goEnv,
    encoding: 'utf8'
  })
  const m = /total:\s+\(statements\)\s+([\d.]+)%/.exec(out)
  if (!m) throw new Error(`no total in:\n${out}`)
  return m[1]
}
