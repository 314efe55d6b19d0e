// The one file of the coverage core that touches the file system: it streams the profile.

import { open } from 'node:fs/promises'
import path from 'node:path'
import type { CoverageOptions, CoverageReport } from '../model/coverage.js'
import { fileInside } from '../text/paths.js'
import { CoverageProfileParser, type ParsedProfile } from './profile.js'
import { summarizeProfile } from './summarize.js'

// Read in 1 MiB pieces into two reused buffers: memory stays flat whatever the profile's size,
// no buffer is allocated per chunk (a Readable does, and for a profile of a million blocks
// that costs as much as parsing it), and the next piece is read while this one is parsed.
// Safe because the parser keeps no chunk.
const CHUNK_BYTES = 1 << 20

/**
 * Reads a `go test -coverprofile` file and summarizes it. Throws CoverageProfileError for a
 * bad profile and the file system's error (code ENOENT, ...) when it cannot be read.
 */
export async function readCoverageProfile(file: string, opts: CoverageOptions): Promise<CoverageReport> {
  return summarizeProfile(await parseCoverageProfileFile(file, opts.repoRoot), opts)
}

/** Reads and merges a profile's blocks without summarizing them (patch coverage needs the blocks). */
export async function parseCoverageProfileFile(file: string, repoRoot: string): Promise<ParsedProfile> {
  const parser = new CoverageProfileParser(profileName(file, repoRoot))
  await pushFile(parser, file)
  return parser.finish()
}

/**
 * Reads several profiles as one, merged the way `go tool cover` merges the profiles of several
 * test binaries: a block in several profiles counts once, covered if any covered it (set) or
 * with the counts added (count, atomic); profiles of different modes are refused. `name` names
 * the merged profile in messages.
 */
export async function readCoverageProfiles(
  files: readonly string[],
  name: string,
  opts: CoverageOptions
): Promise<CoverageReport> {
  return summarizeProfile(await parseCoverageProfileFiles(files, name), opts)
}

/** The merged blocks of several profiles, not summarized (patch coverage needs the blocks). */
export async function parseCoverageProfileFiles(
  files: readonly string[],
  name: string
): Promise<ParsedProfile> {
  const parser = new CoverageProfileParser(name)
  for (const file of files) {
    const last = await pushFile(parser, file)
    // A profile whose last line has no newline must not run into the next one's mode line.
    if (last !== NEWLINE) parser.pushBytes(NEWLINE_BYTES)
  }
  return parser.finish()
}

const NEWLINE = 10
const NEWLINE_BYTES = Buffer.from('\n')

/** Feeds a file to the parser; returns its last byte (-1 for an empty file). */
async function pushFile(parser: CoverageProfileParser, file: string): Promise<number> {
  const handle = await open(file, 'r')
  const buffers = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)]
  let position = 0
  let next = 0
  const readNext = () => {
    const buffer = buffers[next]
    next ^= 1
    return handle.read(buffer, 0, CHUNK_BYTES, position)
  }
  let pending = readNext()
  let last = -1
  try {
    for (;;) {
      const { bytesRead, buffer } = await pending
      if (bytesRead === 0) break
      position += bytesRead
      last = buffer[bytesRead - 1]
      pending = readNext()
      parser.pushBytes(buffer.subarray(0, bytesRead))
    }
  } finally {
    await pending.catch(() => undefined) // never close under a read in flight
    await handle.close()
  }
  return last
}

/** The profile as a user would name it: repository-relative when inside the repository. */
function profileName(file: string, repoRoot: string): string {
  if (!path.isAbsolute(file)) return file
  return fileInside(path.resolve(repoRoot), file) ?? file
}
