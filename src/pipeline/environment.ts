// The environment fingerprint, and the mismatches in it that explain a failure
// before any stage runs: go.mod needs a newer Go than the one that will run,
// or -race is asked for with cgo off.
import { readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type ModDirectives, parseModDirectives } from '../gomod/modfile.js'
import { compareGoVersions, parseGoVersion } from '../gomod/version.js'
import type { EnvironmentFingerprint, Failure, Location } from '../model/report.js'
import type { Options } from '../options.js'
import { fileInside } from '../text/paths.js'
import type { GoEnv } from './go.js'

export interface EnvironmentCheck {
  fingerprint: EnvironmentFingerprint
  /** Mismatches that will make the stages fail: reported in setup, and nothing runs. */
  failures: Failure[]
  /** Mismatches worth a line in the log that fail nothing (a toolchain line go will not honour). */
  notes: string[]
}

/** go.mod's directives, or none when it cannot be read (the go command will say why). */
export async function readModDirectives(moduleDir: string): Promise<ModDirectives> {
  try {
    return parseModDirectives(await readFile(path.join(moduleDir, 'go.mod'), 'utf8'))
  } catch {
    return { requires: [] }
  }
}

function goModLocation(options: Pick<Options, 'workspace' | 'moduleDir'>, line: number): Location {
  const goMod = path.join(options.moduleDir, 'go.mod')
  return { file: fileInside(options.workspace, goMod) ?? goMod, line }
}

export function checkEnvironment(
  options: Pick<Options, 'workspace' | 'moduleDir' | 'race' | 'stages'>,
  go: GoEnv,
  mod: ModDirectives,
  env: NodeJS.ProcessEnv
): EnvironmentCheck {
  const fingerprint: EnvironmentFingerprint = {
    goVersion: go.GOVERSION,
    goModGo: mod.go?.version,
    goModToolchain: mod.toolchain?.name,
    goos: go.GOOS,
    goarch: go.GOARCH,
    cgoEnabled: go.CGO_ENABLED,
    goflags: go.GOFLAGS,
    goproxy: go.GOPROXY,
    runnerOs: env.RUNNER_OS ?? `${os.type()} (local)`
  }
  const failures: Failure[] = []
  const notes: string[] = []
  const running = parseGoVersion(go.GOVERSION)
  const toolchainSetting = go.GOTOOLCHAIN || 'auto'

  // `go env` succeeds in a module whose go line is too new; every build command after it fails.
  const required = mod.go ? parseGoVersion(mod.go.version) : undefined
  if (mod.go && required && running && compareGoVersions(required, running) > 0) {
    failures.push({
      kind: 'toolchain',
      stage: 'setup',
      severity: 'error',
      location: goModLocation(options, mod.go.line),
      title: `go.mod requires go >= ${mod.go.version}, but the Go that runs is ${go.GOVERSION} (GOTOOLCHAIN=${toolchainSetting})`,
      message: [
        `go.mod's go line asks for Go ${mod.go.version} or newer; the installed Go is ${go.GOVERSION} and GOTOOLCHAIN=${toolchainSetting} does not switch to a newer one.`,
        `Install Go ${mod.go.version} or newer before go-gate (actions/setup-go with go-version-file: go.mod), or set GOTOOLCHAIN=auto to let go download it.`,
        'No stage ran: every go command in this module would fail the same way.'
      ].join('\n')
    })
  }

  // A toolchain line only selects a toolchain when switching is allowed; under local it is ignored.
  const wanted = mod.toolchain ? parseGoVersion(mod.toolchain.name) : undefined
  if (
    mod.toolchain &&
    mod.toolchain.name !== 'default' &&
    wanted &&
    running &&
    compareGoVersions(wanted, running) !== 0
  ) {
    notes.push(
      `go.mod's toolchain line asks for ${mod.toolchain.name}; ${go.GOVERSION} runs (GOTOOLCHAIN=${toolchainSetting}).`
    )
  }

  const racing = options.race && options.stages.some((s) => s === 'unit' || s === 'integration')
  if (racing && go.CGO_ENABLED !== '1') {
    failures.push({
      kind: 'toolchain',
      stage: 'setup',
      severity: 'error',
      title: `race is true, but cgo is off (CGO_ENABLED=${go.CGO_ENABLED || '0'}) and go test -race requires cgo`,
      message: [
        `The race input is true, so go test runs with -race, and -race requires cgo; here CGO_ENABLED=${go.CGO_ENABLED || '0'}${go.CGO_ENABLED === '0' && !env.CGO_ENABLED ? ' (go turns cgo off when it finds no C compiler)' : ''}.`,
        'Set CGO_ENABLED=1 with a C compiler on PATH, or set the race input to false.',
        'No stage ran.'
      ].join('\n')
    })
  }
  return { fingerprint, failures, notes }
}

/** Adds go.mod's location to a `go env` failure that is about the go or toolchain line. */
export function explainGoEnvFailure(
  options: Pick<Options, 'workspace' | 'moduleDir'>,
  failure: Failure,
  mod: ModDirectives
): Failure {
  if (failure.kind !== 'toolchain') return failure
  const text = `${failure.title}\n${failure.message}`
  // With GOTOOLCHAIN=auto go fetches the toolchain the toolchain line names, else the go line's.
  const switching = /downloading go\d|golang\.org\/toolchain|toolchain not available/.test(text)
  const line = switching
    ? (mod.toolchain?.line ?? mod.go?.line)
    : /requires go >=/.test(text)
      ? mod.go?.line
      : undefined
  return line === undefined ? failure : { ...failure, location: goModLocation(options, line) }
}
