// Recorded go test -json streams (made by scripts/record-streams.mjs from the
// fixtures) and the source index they need, for the reader's unit tests.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import {
  type FunctionPosition,
  functionFinder,
  type PackageInfo,
  type SourceIndex
} from '../../src/gotest/locate.js'
import { REPO_ROOT } from './runner.js'

export const STREAMS_DIR = path.join(REPO_ROOT, '__tests__', 'streams')

export interface RecordedStream {
  name: string
  stdout: Buffer
  stderr?: Buffer
  meta: {
    goVersion: string
    root: string
    workingDirectory: string
    exitCode: number
    packages: { ImportPath: string; Dir: string }[]
  }
}

export function loadStream(name: string): RecordedStream {
  const base = path.join(STREAMS_DIR, name)
  const stderrFile = `${base}.stderr`
  return {
    name,
    stdout: readFileSync(`${base}.jsonl`),
    stderr: existsSync(stderrFile) ? readFileSync(stderrFile) : undefined,
    meta: JSON.parse(readFileSync(`${base}.meta.json`, 'utf8'))
  }
}

/** Where a recorded fixture lives in this checkout (the stream keeps the recording machine's paths). */
function localPath(stream: RecordedStream, recorded: string): string {
  const fixtureName = path.basename(stream.meta.root)
  const local =
    stream.name === 'example-service'
      ? path.join(REPO_ROOT, 'examples', 'service')
      : path.join(REPO_ROOT, '__tests__', 'fixtures', fixtureName)
  return path.join(local, path.relative(stream.meta.root, recorded))
}

/**
 * The source index as the recording saw it: paths stay the recorded ones (so
 * panic frames resolve), while source lines are read from this checkout.
 */
export function recordedIndex(stream: RecordedStream): SourceIndex {
  const packages = new Map<string, PackageInfo>(
    stream.meta.packages.map((p) => [p.ImportPath, { importPath: p.ImportPath, dir: p.Dir }])
  )
  const read = (file: string): string | undefined => {
    const local = localPath(stream, file)
    return existsSync(local) ? readFileSync(local, 'utf8') : undefined
  }
  return {
    repoRoot: stream.meta.root,
    commandDir: path.join(stream.meta.root, stream.meta.workingDirectory),
    packages,
    lineText: (file, line) => read(file)?.split('\n')[line - 1],
    findFunction: (pkg, name) => findFunctionIn(pkg, name, read, localPath(stream, pkg.dir))
  }
}

/** The locator's own finder, over the recorded package's files as they are in the fixture. */
function findFunctionIn(
  pkg: PackageInfo,
  name: string,
  read: (file: string) => string | undefined,
  localDir: string
): FunctionPosition | undefined {
  if (!existsSync(localDir)) return undefined
  const bases = readdirSync(localDir).filter((f) => f.endsWith('.go'))
  const files = new Map<string, string>()
  for (const base of bases) {
    const file = path.join(pkg.dir, base)
    const text = read(file)
    if (text !== undefined) files.set(file, text)
  }
  return functionFinder(files)({ ...pkg, files: bases }, name)
}

/** Splits bytes into chunks of the given sizes (cycled), as a pipe would deliver them. */
export function chunkBytes(bytes: Buffer, sizes: number[]): Buffer[] {
  if (sizes.length === 0) return [bytes]
  const out: Buffer[] = []
  let offset = 0
  for (let k = 0; offset < bytes.length; k++) {
    const size = sizes[k % sizes.length]
    out.push(bytes.subarray(offset, offset + size))
    offset += size
  }
  return out
}
