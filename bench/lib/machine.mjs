// The machine a benchmark ran on, for BENCHMARKS.md.
import { execFileSync } from 'node:child_process'
import os from 'node:os'
import { REPO } from './tools.mjs'

export function describeMachine() {
  const cpus = os.cpus()
  let goVersion = 'go not found'
  try {
    goVersion = execFileSync('go', ['version'], {
      encoding: 'utf8',
      env: { ...process.env, GOTOOLCHAIN: 'local' }
    }).trim()
  } catch {
    // reported as missing
  }
  let commit = 'unknown'
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim()
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--', 'src', 'dist'], {
        cwd: REPO,
        encoding: 'utf8'
      }).trim() !== ''
    commit = dirty ? `${head} with uncommitted changes in src/ or dist/` : head
  } catch {
    // not a git checkout
  }
  return {
    date: new Date().toISOString(),
    commit,
    nproc: os.availableParallelism(),
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    go: goVersion
  }
}
