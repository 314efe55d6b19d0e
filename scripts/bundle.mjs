// Bundles each entry into dist/<name>/index.js with ncc. One bundle per entry
// keeps the action's main, its post step and the CLI independent.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'

const entries = { main: 'src/main.ts', post: 'src/post.ts', cli: 'src/cli.ts' }
rmSync('dist', { recursive: true, force: true })
for (const [name, file] of Object.entries(entries)) {
  execFileSync(
    process.execPath,
    ['node_modules/@vercel/ncc/dist/ncc/cli.js', 'build', file, '-o', `dist/${name}`, '--license', 'licenses.txt', '--quiet', '--target', 'es2022'],
    { stdio: 'inherit' }
  )
}
