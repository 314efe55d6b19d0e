// The machine a benchmark ran on, for BENCHMARKS.md.
import { execFileSync } from 'node:child_process'
import os from 'node:os'

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
  return {
    date: new Date().toISOString(),
    nproc: os.availableParallelism(),
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    go: goVersion
  }
}
