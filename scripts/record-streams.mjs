#!/usr/bin/env node
// Records real `go test -json` streams from the Go fixture repositories.
//
//   node scripts/record-streams.mjs              # every fixture with a fixture.json, plus examples/service
//   node scripts/record-streams.mjs panic race   # just these (a base name also records its variants)
//
// For each target it runs, in the fixture's workingDirectory,
//   go test -json -count=1 <fixture.json flags> <fixture.json packages>
// with GOTOOLCHAIN=local and GOFLAGS=-buildvcs=false, and writes to __tests__/streams/:
//   <name>.jsonl      stdout exactly as go printed it
//   <name>.stderr     stderr, only when non-empty
//   <name>.meta.json  { goVersion, root, workingDirectory, args, env, exitCode, packages, stderrMerged }
// where packages come from `go list -e -json <packages>` in the same directory. A variant recorded with
// stderr merged (`go test -json ./... > log 2>&1`, as CI scripts save a run) has both in <name>.jsonl.
// -count=1 keeps the test cache out of the recordings. Files are written to a temporary name and renamed,
// so concurrent runs never leave half-written streams.

import { spawn } from 'node:child_process'
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const fixturesDir = join(repoRoot, '__tests__', 'fixtures')
const streamsDir = join(repoRoot, '__tests__', 'streams')
const RUN_TIMEOUT_MS = 180_000

/** Environment for every go invocation: the caller's, with the gate's settings forced. */
function goEnv(extra = {}) {
  const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false', ...extra }
  // The init-panic fixture relies on this being unset; a developer's GODEBUG must not leak in either.
  delete env.BILLING_DATABASE_URL
  if (!('GODEBUG' in extra)) delete env.GODEBUG
  return env
}

/** Runs a command, collecting stdout and stderr as Buffers. Never rejects on a non-zero exit. */
function run(cmd, args, options) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    const out = []
    const err = []
    child.stdout.on('data', (chunk) => out.push(chunk))
    child.stderr.on('data', (chunk) => err.push(chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS)
    child.on('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolvePromise({ code: code ?? 128, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err) })
    })
  })
}

/** Runs a command with stdout and stderr on one file descriptor, as `> file 2>&1` does; returns the bytes. */
function runMerged(cmd, args, options, file) {
  return new Promise((resolvePromise, reject) => {
    const fd = openSync(file, 'w')
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', fd, fd] })
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS)
    child.on('error', (e) => {
      clearTimeout(timer)
      closeSync(fd)
      reject(e)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      closeSync(fd)
      const stdout = readFileSync(file)
      rmSync(file, { force: true })
      resolvePromise({ code: code ?? 128, signal, stdout, stderr: Buffer.alloc(0) })
    })
  })
}

/** Splits the concatenated JSON objects that `go list -json` prints. */
function parseConcatenatedJson(text) {
  const values = []
  let depth = 0
  let start = -1
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
      continue
    }
    if (c === '"') inString = true
    else if (c === '{') {
      if (depth === 0) start = i
      depth++
    } else if (c === '}') {
      depth--
      if (depth === 0) values.push(JSON.parse(text.slice(start, i + 1)))
    }
  }
  return values
}

function packagesOf(fixture) {
  const p = fixture.packages ?? './...'
  return Array.isArray(p) ? p : p.split(/\s+/).filter(Boolean)
}

/** Every recordable target: fixtures that have a fixture.json, the bundled example, and variants. */
function discoverTargets() {
  const targets = []
  for (const entry of readdirSync(fixturesDir, { withFileTypes: true })) {
    const root = join(fixturesDir, entry.name)
    if (entry.isDirectory() && existsSync(join(root, 'fixture.json'))) {
      targets.push({ name: entry.name, base: entry.name, root, extraEnv: {} })
    }
  }
  const example = join(repoRoot, 'examples', 'service')
  if (existsSync(join(example, 'fixture.json'))) {
    targets.push({ name: 'example-service', base: 'example-service', root: example, extraEnv: {} })
  }
  // Pre-1.24 behaviour: build errors as plain text on stderr instead of build-output events.
  if (targets.some((t) => t.name === 'compile-src')) {
    targets.push({
      name: 'compile-src-buildtext',
      base: 'compile-src',
      root: join(fixturesDir, 'compile-src'),
      extraEnv: { GODEBUG: 'gotestjsonbuildtext=1' }
    })
    // The same, saved as CI scripts save a run (`> log 2>&1`): the text build errors land between the events.
    targets.push({
      name: 'compile-src-buildtext-merged',
      base: 'compile-src',
      root: join(fixturesDir, 'compile-src'),
      extraEnv: { GODEBUG: 'gotestjsonbuildtext=1' },
      mergeStderr: true
    })
  }
  return targets.sort((a, b) => a.name.localeCompare(b.name))
}

function writeAtomic(path, data) {
  const tmp = `${path}.tmp-${process.pid}`
  writeFileSync(tmp, data)
  renameSync(tmp, path)
}

async function record(target, goVersion) {
  const fixture = JSON.parse(readFileSync(join(target.root, 'fixture.json'), 'utf8'))
  const workingDirectory = fixture.workingDirectory ?? '.'
  const cwd = resolve(target.root, workingDirectory)
  const packages = packagesOf(fixture)
  const args = ['test', '-json', '-count=1', ...(fixture.flags ?? []), ...packages]
  const env = goEnv(target.extraEnv)
  const started = Date.now()
  const base = join(streamsDir, target.name)
  const [test, list] = await Promise.all([
    target.mergeStderr
      ? runMerged('go', args, { cwd, env }, `${base}.merged-${process.pid}`)
      : run('go', args, { cwd, env }),
    run('go', ['list', '-e', '-json', ...packages], { cwd, env })
  ])
  if (list.code !== 0) {
    throw new Error(`${target.name}: go list failed (${list.code}): ${list.stderr.toString().trim()}`)
  }
  const pkgs = parseConcatenatedJson(list.stdout.toString('utf8')).map((p) => ({
    ImportPath: p.ImportPath,
    Dir: p.Dir,
    Name: p.Name,
    Module: p.Module ? { Path: p.Module.Path, Dir: p.Module.Dir } : null
  }))
  const meta = {
    goVersion,
    root: target.root,
    workingDirectory,
    args,
    env: { GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false', ...target.extraEnv },
    exitCode: test.code,
    packages: pkgs,
    ...(target.mergeStderr ? { stderrMerged: true } : {})
  }
  writeAtomic(`${base}.jsonl`, test.stdout)
  if (test.stderr.length > 0) writeAtomic(`${base}.stderr`, test.stderr)
  else rmSync(`${base}.stderr`, { force: true })
  writeAtomic(`${base}.meta.json`, `${JSON.stringify(meta, null, 2)}\n`)
  const lines = test.stdout.toString('utf8').split('\n').filter(Boolean).length
  const secs = ((Date.now() - started) / 1000).toFixed(1)
  const stderrNote = test.stderr.length > 0 ? `, ${test.stderr.length} bytes stderr` : ''
  const signalNote = test.signal ? ` (killed by ${test.signal})` : ''
  console.log(`${target.name}: exit ${test.code}${signalNote}, ${lines} lines${stderrNote}, ${secs}s`)
}

async function main() {
  const wanted = process.argv.slice(2)
  let targets = discoverTargets()
  if (wanted.length > 0) {
    const unknown = wanted.filter((w) => !targets.some((t) => t.name === w || t.base === w))
    if (unknown.length > 0) {
      console.error(`unknown fixture(s): ${unknown.join(', ')}`)
      console.error(`known: ${targets.map((t) => t.name).join(', ')}`)
      process.exit(2)
    }
    targets = targets.filter((t) => wanted.includes(t.name) || wanted.includes(t.base))
  }
  const version = await run('go', ['env', 'GOVERSION'], { cwd: repoRoot, env: goEnv() })
  const goVersion = version.stdout.toString().trim()
  console.log(`${goVersion}: recording ${targets.length} stream(s) into ${relative(repoRoot, streamsDir)}/`)
  mkdirSync(streamsDir, { recursive: true })

  // Slow targets (race build, timeout) first so they overlap with the quick ones.
  const slow = new Set(['race', 'timeout'])
  const queue = [...targets].sort((a, b) => Number(slow.has(b.base)) - Number(slow.has(a.base)))
  const limit = Math.max(2, Math.min(6, availableParallelism() * 2))
  let failed = false
  const workers = Array.from({ length: Math.min(limit, queue.length) }, async () => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      try {
        await record(t, goVersion)
      } catch (e) {
        failed = true
        console.error(`${t.name}: ${e instanceof Error ? e.message : e}`)
      }
    }
  })
  await Promise.all(workers)
  if (failed) process.exit(1)
}

await main()
