// Before the tests: golangci-lint at the pinned version, and a fresh dist/.
// The end-to-end tests run dist/, the bundle users get. Rebuild it first when
// a source file changed after it was built, so a test never runs stale code.
// (CI bundles before testing and checks dist/ matches; on a fresh clone every
// file has about the same time, so nothing is rebuilt.)
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const TOLERANCE_MS = 2000

function newest(dir) {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs)
  }
  return latest
}

export default function globalSetup() {
  // The lint tests run the real golangci-lint at the pinned version: install it on a fresh
  // machine (from the Go module proxy; a no-op when it is there already).
  execFileSync('bash', [path.join(root, '.ci', 'install-golangci-lint.sh')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit']
  })

  const bundles = ['main', 'post', 'cli'].map((entry) => path.join(root, 'dist', entry, 'index.js'))
  const built = bundles.every((file) => existsSync(file))
    ? Math.min(...bundles.map((file) => statSync(file).mtimeMs))
    : 0
  const sources = Math.max(
    newest(path.join(root, 'src')),
    statSync(path.join(root, 'package-lock.json')).mtimeMs
  )
  if (sources > built + TOLERANCE_MS) {
    process.stderr.write('\ndist/ is older than src/: running npm run bundle before the tests\n')
    execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs')], {
      cwd: root,
      stdio: 'inherit'
    })
  }
}
