// Go modules written on the fly into a temporary folder, for the hostile tests
// that run the bundled action on real `go test` output.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** Writes `files` (relative path → content) under a new temporary folder and returns it. */
export function writeTree(prefix: string, files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix))
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), content)
  }
  return root
}

/** 1-based numbers of the lines of `source` that hold `marker`. */
export function linesWith(source: string, marker: string): number[] {
  return source
    .split('\n')
    .map((line, i) => (line.includes(marker) ? i + 1 : 0))
    .filter((n) => n > 0)
}
