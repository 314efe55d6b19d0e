// Benchmark: the coverage gate's profile reader against `go tool cover -func`, on a profile of
// 1,000,000 block lines grown from a real `go test -coverpkg` profile of a fixture.
//
//   node bench/coverage.mjs [blocks] [runs]
//
// `go tool cover -func` reads the Go source of every file in the profile (to find function
// extents) and runs `go list` on its packages, so the copies are real files in a temporary
// module: each replica of the fixture's sources goes to gen/g<N>/<pkg>/<file>_<replica>.go,
// a hundred replicas per package directory (one package directory per replica would make
// `go list`'s argument list too long).
//
// The coverage core is compiled on its own (tsc on src/coverage/index.ts) into
// .bench-tmp/coverage-build: the bench neither depends on the rest of src/ compiling nor
// clobbers a whole-project build in .bench-tmp/build that another bench may be using.

import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const fixture = path.join(repo, '__tests__/fixtures/coverage-multi')
const modulePath = 'example.com/coverage-multi'
const buildDir = path.join(repo, '.bench-tmp/coverage-build')
const REPLICAS_PER_DIR = 100
const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false', GOWORK: 'off' }

/**
 * Runs the benchmark. Times are medians over `runs` interleaved runs, in milliseconds.
 * @returns {Promise<{ blocks: number, goMs: number, gateMs: number, ratio: number,
 *   totalsEqual: boolean, goTotal: string, gateTotal: string, goRunsMs: number[], gateRunsMs: number[] }>}
 */
export async function benchCoverage({ blocks = 1_000_000, runs = 5, log = () => {} } = {}) {
  const work = mkdtempSync(path.join(tmpdir(), 'go-gate-bench-coverage-'))
  try {
    log('compiling src/coverage ...')
    const core = await compileCoverageCore()

    log('go test -coverpkg=./... on the fixture ...')
    const baseProfile = path.join(work, 'base.out')
    execFileSync('go', ['test', `-coverprofile=${baseProfile}`, '-coverpkg=./...', './...'], {
      cwd: fixture,
      env: goEnv,
      stdio: 'ignore'
    })

    log(`growing the profile to ${blocks} block lines ...`)
    const mod = path.join(work, 'mod')
    const profile = path.join(work, 'big.out')
    writeReplicatedModule(baseProfile, mod, profile, blocks)

    // Interleaved, so both see the same machine load (other jobs may share the cores).
    const goRunsMs = []
    const gateRunsMs = []
    let goTotal = ''
    let gateTotal = ''
    const opts = { repoRoot: mod, modules: [{ path: modulePath, dir: mod }], exclude: [] }
    for (let i = 0; i < runs; i++) {
      const out = path.join(work, 'func.txt')
      let start = performance.now()
      execFileSync('go', ['tool', 'cover', `-func=${profile}`, `-o=${out}`], {
        cwd: mod,
        env: goEnv,
        stdio: 'inherit'
      })
      goRunsMs.push(performance.now() - start)
      goTotal = totalOfFuncOutput(readFileSync(out, 'utf8'))

      start = performance.now()
      const report = await core.readCoverageProfile(profile, opts)
      gateRunsMs.push(performance.now() - start)
      gateTotal = report.percentText
      log(
        `run ${i + 1}: go tool cover -func ${goRunsMs.at(-1).toFixed(0)} ms (total ${goTotal}%), ` +
          `readCoverageProfile ${gateRunsMs.at(-1).toFixed(0)} ms (total ${gateTotal}%)`
      )
    }

    const goMs = median(goRunsMs)
    const gateMs = median(gateRunsMs)
    return {
      blocks,
      goMs,
      gateMs,
      ratio: goMs / gateMs,
      totalsEqual: goTotal === gateTotal,
      goTotal,
      gateTotal,
      goRunsMs,
      gateRunsMs
    }
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(work, { recursive: true, force: true })
  }
}

async function compileCoverageCore() {
  const tsc = path.join(repo, 'node_modules/typescript/bin/tsc')
  rmSync(buildDir, { recursive: true, force: true })
  execFileSync(
    process.execPath,
    [
      tsc,
      ...['--outDir', buildDir, '--rootDir', repo, '--module', 'nodenext', '--moduleResolution', 'nodenext'],
      ...['--target', 'es2022', '--strict', '--skipLibCheck', '--esModuleInterop', '--types', 'node'],
      path.join(repo, 'src/coverage/index.ts')
    ],
    { cwd: repo, stdio: 'inherit' }
  )
  // The build sits under the repository, so `picomatch` resolves from its node_modules.
  writeFileSync(path.join(buildDir, 'package.json'), '{ "type": "module" }\n')
  return import(pathToFileURL(path.join(buildDir, 'src/coverage/index.js')).href)
}

/**
 * Writes `blocks` block lines: the base profile's block lines again and again, each replica
 * under new file names, and a module holding a copy of every source file they name.
 */
function writeReplicatedModule(baseProfile, mod, profile, blocks) {
  const [modeLine, ...lines] = readFileSync(baseProfile, 'utf8').trimEnd().split('\n')
  const parsed = lines.map((line) => {
    const colon = line.lastIndexOf(':')
    const name = line.slice(0, colon)
    if (!name.startsWith(`${modulePath}/`)) throw new Error(`unexpected profile line ${line}`)
    return { rel: name.slice(modulePath.length + 1), rest: line.slice(colon) }
  })
  const sources = [...new Set(parsed.map((p) => p.rel))]
  const content = new Map(sources.map((rel) => [rel, readFileSync(path.join(fixture, rel))]))

  mkdirSync(mod, { recursive: true })
  writeFileSync(path.join(mod, 'go.mod'), readFileSync(path.join(fixture, 'go.mod')))
  // The originals too, so the copies' imports of example.com/coverage-multi/calc resolve.
  for (const rel of sources) {
    mkdirSync(path.join(mod, path.dirname(rel)), { recursive: true })
    writeFileSync(path.join(mod, rel), content.get(rel))
  }

  const out = [modeLine]
  const made = new Set()
  for (let replica = 0; out.length - 1 < blocks; replica++) {
    const dir = `gen/g${Math.floor(replica / REPLICAS_PER_DIR)}`
    const names = new Map()
    for (const rel of sources) {
      const copy = `${dir}/${path.posix.dirname(rel)}/${path.posix.basename(rel, '.go')}_${replica}.go`
      names.set(rel, `${modulePath}/${copy}`)
      const folder = path.join(mod, path.dirname(copy))
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true })
        made.add(folder)
      }
      writeFileSync(path.join(mod, copy), content.get(rel))
    }
    for (const { rel, rest } of parsed) {
      if (out.length - 1 >= blocks) break
      out.push(names.get(rel) + rest)
    }
  }
  writeFileSync(profile, `${out.join('\n')}\n`)
}

function totalOfFuncOutput(text) {
  const match = /^total:\s+\(statements\)\s+(\d+\.\d)%$/m.exec(text)
  if (!match) throw new Error(`no total line in go tool cover -func output:\n${text.slice(-500)}`)
  return match[1]
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const blocks = Number(process.argv[2] ?? 1_000_000)
  const runs = Number(process.argv[3] ?? 5)
  const result = await benchCoverage({ blocks, runs, log: (m) => console.error(m) })
  console.log(
    `coverage: ${result.blocks} blocks; go tool cover -func ${result.goMs.toFixed(0)} ms (total ${result.goTotal}%), ` +
      `go-gate ${result.gateMs.toFixed(0)} ms (total ${result.gateTotal}%); ${result.ratio.toFixed(1)}x faster; ` +
      `totals ${result.totalsEqual ? 'equal' : 'DIFFER'}`
  )
  console.log(JSON.stringify(result))
  if (!result.totalsEqual) process.exitCode = 1
}
