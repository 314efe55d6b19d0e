// The programs the benchmarks compare against and run: gotestsum and tparse
// from the Go module proxy, and go-gate's own bundles.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

export const GO_ENV = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' }

const GO_TOOLS = {
  gotestsum: { module: 'gotest.tools/gotestsum', version: ['--version'] },
  tparse: { module: 'github.com/mfridman/tparse', version: ['-v'] }
}

function onPath(name) {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' })
  return found.status === 0 ? found.stdout.trim() : undefined
}

/**
 * The path of gotestsum or tparse: on PATH, else in $(go env GOPATH)/bin, else
 * installed there with `go install <module>@latest` from the module proxy.
 * @returns {{ path: string, version: string, installed: boolean }}
 */
export function ensureGoTool(name, log = () => {}) {
  const tool = GO_TOOLS[name]
  const gobin = path.join(
    execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8', env: GO_ENV }).trim().split(path.delimiter)[0],
    'bin'
  )
  let file = onPath(name) ?? (existsSync(path.join(gobin, name)) ? path.join(gobin, name) : undefined)
  let installed = false
  if (!file) {
    log(`installing ${tool.module}@latest into ${gobin} ...`)
    execFileSync('go', ['install', `${tool.module}@latest`], {
      env: { ...GO_ENV, GOBIN: gobin },
      stdio: 'inherit'
    })
    file = path.join(gobin, name)
    installed = true
  }
  const version = execFileSync(file, tool.version, { encoding: 'utf8' }).trim().split('\n')[0]
  return { path: file, version, installed }
}

/**
 * The bundled go-gate entry `dist/<entry>/index.js`; BENCH_DIST points at another
 * bundle folder. Bundles once with `npm run bundle` when it is missing.
 */
export function gateEntry(entry, log = () => {}) {
  const dist = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(REPO, 'dist')
  const file = path.join(dist, entry, 'index.js')
  if (!existsSync(file)) {
    if (process.env.BENCH_DIST) throw new Error(`BENCH_DIST has no ${entry}/index.js: ${file}`)
    log(`${file} is missing; running npm run bundle ...`)
    execFileSync('npm', ['run', 'bundle'], { cwd: REPO, stdio: 'inherit' })
  }
  return file
}
