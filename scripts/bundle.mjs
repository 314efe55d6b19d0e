// Bundles each entry into dist/<name>/index.js with ncc. One bundle per entry
// keeps the action's main, its post step and the CLI independent. Each bundle
// is built aside and moved into place, so a test reading dist/ meanwhile sees
// the old bundle or the new one, never half of one.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
process.chdir(root)
const entries = { main: 'src/main.ts', post: 'src/post.ts', cli: 'src/cli.ts' }
mkdirSync('dist', { recursive: true })
const staging = mkdtempSync(path.join(root, '.dist-'))
try {
  for (const [name, file] of Object.entries(entries)) {
    execFileSync(
      process.execPath,
      [
        'node_modules/@vercel/ncc/dist/ncc/cli.js',
        'build',
        file,
        '-o',
        path.join(staging, name),
        '--license',
        'licenses.txt',
        '--quiet',
        '--target',
        'es2022'
      ],
      { stdio: 'inherit' }
    )
  }
} catch (error) {
  rmSync(staging, { recursive: true, force: true })
  throw error
}
for (const name of Object.keys(entries)) {
  const target = path.join('dist', name)
  const old = `${target}.old`
  rmSync(old, { recursive: true, force: true })
  try {
    renameSync(target, old)
  } catch {
    // first build: nothing to move aside
  }
  renameSync(path.join(staging, name), target)
  rmSync(old, { recursive: true, force: true })
}
rmSync(staging, { recursive: true, force: true })
