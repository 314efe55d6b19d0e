// Errors of `go mod download`, `go mod verify` and `go mod tidy`: which module
// they are about, and whether trying again could help.
import { splitLines } from '../text/lines.js'

/** Network trouble that may pass: worth another try. */
const TRANSIENT = [
  /dial tcp/,
  /connection (?:refused|reset|timed out)/,
  /i\/o timeout/,
  /TLS handshake timeout/,
  /no such host/,
  /temporary failure in name resolution/i,
  /network is unreachable/,
  /server misbehaving/,
  /unexpected EOF/,
  /timeout awaiting response headers/,
  /context deadline exceeded/,
  /: 5\d\d [A-Z]/,
  /: 429 Too Many Requests/,
  /stream error|http2: /
]

/** Answers that will be the same next time: the module or version does not exist, or is refused. */
const PERMANENT = [
  /: 40[0-9] [A-Z]/,
  /: 410 Gone/,
  /unknown revision/,
  /invalid version/,
  /not found/,
  /checksum mismatch/,
  /SECURITY ERROR/,
  /module lookup disabled/,
  /missing go\.sum entry/,
  /does not contain package/,
  /malformed/,
  /replacement directory .* does not exist/,
  /no matching versions/,
  /go\.mod:\d+/
]

/** True when every error in the output is network trouble that may pass. */
export function isTransientModuleError(output: string): boolean {
  return TRANSIENT.some((p) => p.test(output)) && !PERMANENT.some((p) => p.test(output))
}

const MODULE_PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  // go: example.com/m@v1.2.3 (replaced by ./m): reading ...
  [/^go: ([^\s@:]+@[^\s:]+)(?: \(replaced by [^)]*\))?: /, (m) => m[1]],
  // go mod verify: example.com/m v1.2.3: dir has been modified (...)
  [/^(\S+) (v\S+): (?:dir|zip|go\.mod) has been modified/, (m) => `${m[1]}@${m[2]}`],
  [
    /(?:cannot find module providing|no required module provides|missing go\.sum entry for module providing) package ([^\s;:)]+)/,
    (m) => m[1]
  ],
  // go: example.com/app imports\n\texample.com/m/pkg: <why>
  [/^\t([^\s:]+): /, (m) => m[1]]
]

/** Modules (module@version) or packages an error names, in order. */
export function modulesInError(output: string): string[] {
  const found: string[] = []
  for (const line of splitLines(output)) {
    for (const [pattern, name] of MODULE_PATTERNS) {
      const m = pattern.exec(line)
      if (!m) continue
      const value = name(m)
      if (!found.includes(value)) found.push(value)
      break
    }
  }
  return found
}

/** The lines of go's output that are errors (not `go: downloading` progress). */
export function errorLines(output: string): string[] {
  return splitLines(output).filter(
    (l) => l.trim() !== '' && !/^go: (?:downloading|finding module|found) /.test(l)
  )
}

/** Messages of the go command that mean a module or package cannot be had. */
const DEPENDENCY = [
  /no required module provides package/,
  /cannot find module providing package/,
  /missing go\.sum entry/,
  /found, but does not contain package/,
  /is not in std/,
  /cannot find package/,
  /unknown revision/,
  /checksum mismatch/,
  /reading .*: (?:404|410)/,
  /invalid version:/,
  /module lookup disabled/,
  /updates to go\.mod needed/,
  /dial tcp/
]

/** Messages of the go command that mean this Go cannot do what was asked. */
const TOOLCHAIN = [
  /requires go >= /,
  /GOTOOLCHAIN|toolchain not available/,
  /-race requires cgo|-race is not supported/,
  /cgo: C compiler .* not found/,
  /exec: "?(gcc|clang|cc)"?: executable file not found/
]

/** True when go's output says the Go that runs cannot do it (kind toolchain). */
export function isToolchainError(output: string): boolean {
  return TOOLCHAIN.some((p) => p.test(output))
}

/** True when go's output says a module or package cannot be had (kind dependency). */
export function isDependencyError(output: string): boolean {
  return DEPENDENCY.some((p) => p.test(output))
}
