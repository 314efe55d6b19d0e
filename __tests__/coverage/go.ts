// Runs the Go toolchain for the coverage tests: the machine's Go, no toolchain download,
// no VCS stamping, and the default (shared) build cache.

import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' }

export async function go(args: string[], cwd: string, input?: string): Promise<string> {
  if (input === undefined) {
    const { stdout } = await run('go', args, { cwd, env: goEnv, maxBuffer: 64 << 20 })
    return stdout
  }
  return new Promise((resolve, reject) => {
    const child = execFile('go', args, { cwd, env: goEnv, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`go ${args.join(' ')}: ${err.message}\n${stderr}`))
      else resolve(stdout)
    })
    child.stdin?.end(input)
  })
}
