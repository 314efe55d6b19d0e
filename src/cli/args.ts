// argv → a command and raw input values. Every action input is a --flag of the
// same name, so the CLI and the action share one parseOptions.
import { CLI_EXIT, INPUTS, type InputName } from '../constants.js'
import { parseCoverageThreshold } from '../coverage/threshold.js'
import { GateError } from '../errors.js'

export type Format = 'text' | 'json' | 'markdown'

export interface RunCommand {
  command: 'run'
  dir: string
  inputs: Partial<Record<InputName, string>>
  format: Format
  color?: boolean
  verbose: boolean
  /** False with --no-progress: plain lines instead of the live line on a terminal. */
  progress: boolean
  /** --timings FILE: a timings record (JSON) a sharded run splits its packages by. */
  timings?: string
  /** --base: a branch, tag or commit; patch coverage counts the lines changed since it. */
  base?: string
}

export interface AnalyzeCommand {
  command: 'analyze'
  file: string
  format: Format
  dir: string
  coverprofile?: string
  /** Percent, validated; 0 when not given. */
  coverageThreshold: number
  coverageExclude?: string
  color?: boolean
}

export type CliCommand = RunCommand | AnalyzeCommand | { command: 'help' } | { command: 'version' }

const BOOLEAN_INPUTS = new Set<InputName>(['race', 'fail-fast', 'annotations', 'summary', 'cache'])

function parseFormat(value: string): Format {
  if (value === 'text' || value === 'json' || value === 'markdown') return value
  throw new GateError(
    'invalid-input',
    `Option --format is ${JSON.stringify(value)}; expected text, json or markdown.`
  )
}

function isInput(name: string): name is InputName {
  return Object.hasOwn(INPUTS, name)
}

export function parseArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv
  if (command === undefined || command === 'help' || command === '--help' || command === '-h')
    return { command: 'help' }
  if (command === 'version' || command === '--version') return { command: 'version' }
  if (command !== 'run' && command !== 'analyze') {
    throw new GateError(
      'invalid-input',
      `Unknown command ${JSON.stringify(command)}; expected run, analyze or help.`
    )
  }
  const words = splitWords(rest)
  if (words === 'help') return { command: 'help' }
  const { positional, flags } = words
  const format = parseFormat(flags.get('format') ?? 'text')
  flags.delete('format')
  const colorFlag = flags.get('color')
  flags.delete('color')
  const verbose = flags.get('verbose') === 'true'
  flags.delete('verbose')
  const progress = flags.get('progress') !== 'false'
  flags.delete('progress')
  const color = colorFlag === undefined ? undefined : colorFlag !== 'false'
  return command === 'analyze'
    ? toAnalyzeCommand(positional, flags, format, color)
    : toRunCommand(positional, flags, format, color, verbose, progress)
}

/** Positional arguments and --flags (as name → value), or 'help' when --help is among them. */
function splitWords(args: readonly string[]): { positional: string[]; flags: Map<string, string> } | 'help' {
  const positional: string[] = []
  const flags = new Map<string, string>()
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (arg === '-' || !arg.startsWith('-')) {
      positional.push(arg)
      continue
    }
    if (arg === '--help' || arg === '-h') return 'help'
    const body = arg.replace(/^--?/, '')
    const eq = body.indexOf('=')
    let name = eq >= 0 ? body.slice(0, eq) : body
    let value: string | undefined = eq >= 0 ? body.slice(eq + 1) : undefined
    if (
      value === undefined &&
      name.startsWith('no-') &&
      isInput(name.slice(3)) &&
      BOOLEAN_INPUTS.has(name.slice(3) as InputName)
    ) {
      name = name.slice(3)
      value = 'false'
    }
    if (
      value === undefined &&
      ((isInput(name) && BOOLEAN_INPUTS.has(name)) ||
        name === 'color' ||
        name === 'no-color' ||
        name === 'no-progress' ||
        name === 'verbose')
    ) {
      value = name === 'no-color' || name === 'no-progress' ? 'false' : 'true'
      if (name === 'no-color') name = 'color'
      if (name === 'no-progress') name = 'progress'
    }
    if (value === undefined) {
      value = args[i + 1]
      if (value === undefined) throw new GateError('invalid-input', `Option --${name} needs a value.`)
      i++
    }
    flags.set(name, value)
  }
  return { positional, flags }
}

function toAnalyzeCommand(
  positional: string[],
  flags: Map<string, string>,
  format: Format,
  color: boolean | undefined
): AnalyzeCommand {
  const known = new Set(['coverprofile', 'coverage-threshold', 'coverage-exclude', 'dir'])
  for (const name of flags.keys()) {
    if (!known.has(name)) {
      throw new GateError(
        'invalid-input',
        `Unknown option --${name} for analyze; expected --format, --dir, --coverprofile, --coverage-threshold, --coverage-exclude.`
      )
    }
  }
  if (positional.length > 1)
    throw new GateError('invalid-input', 'analyze reads one stream: go-gate analyze [FILE|-].')
  return {
    command: 'analyze',
    file: positional[0] ?? (flags.has('coverprofile') ? '' : '-'),
    format,
    dir: flags.get('dir') ?? '.',
    coverprofile: flags.get('coverprofile'),
    coverageThreshold: parseCoverageThreshold(
      flags.get('coverage-threshold') ?? '',
      'Option --coverage-threshold'
    ),
    coverageExclude: flags.get('coverage-exclude'),
    color
  }
}

function toRunCommand(
  positional: string[],
  flags: Map<string, string>,
  format: Format,
  color: boolean | undefined,
  verbose: boolean,
  progress: boolean
): RunCommand {
  const inputs: Partial<Record<InputName, string>> = {}
  const timings = flags.get('timings')
  flags.delete('timings')
  let base: string | undefined
  for (const [name, value] of flags) {
    if (name === 'base') {
      if (value.trim() === '' || value.startsWith('-'))
        throw new GateError(
          'invalid-input',
          `Option --base is ${JSON.stringify(value)}; expected a branch, tag or commit such as main or origin/main.`
        )
      base = value.trim()
      continue
    }
    if (!isInput(name)) {
      throw new GateError(
        'invalid-input',
        `Unknown option --${name}; expected one of --${Object.keys(INPUTS).join(', --')}, --base, --timings, --format, --color.`
      )
    }
    inputs[name] = value
  }
  if (positional.length > 1) throw new GateError('invalid-input', 'run takes one folder: go-gate run [DIR].')
  return {
    command: 'run',
    dir: positional[0] ?? '.',
    inputs,
    format,
    color,
    verbose,
    progress,
    base,
    timings
  }
}

export const HELP = `go-gate: the CI gate of a Go repository, with the root cause named.

Usage:
  go-gate run [DIR] [--stages unit,build] [--<input> VALUE ...] [--base REF] [--timings FILE] [--format text|json|markdown]
      Runs the gate on the repository in DIR (default: the current folder), as the action
      does. Every action input is an option of the same name, e.g. --race=false,
      --coverage-threshold 80, --working-directory service/api. The cache inputs, pr-comment
      and github-token do nothing here.
      --shard 2/4 runs the unit and integration tests of one shard, split by test functions, or by
      the timings record in --timings FILE (JSON: {"schema": 1, "packages": {"import/path": seconds}}).
      --verbose echoes the output of the Go commands as they run. On a terminal a live line
      shows each stage's progress; --no-progress (or NO_COLOR) prints plain lines instead.
      --base REF measures patch coverage: the statements on lines changed since the merge
      base of REF (a branch, tag or commit) and the working tree; patch-coverage-threshold
      gates it.
  go-gate analyze [FILE|-] [--format text|json|markdown] [--dir DIR]
                  [--coverprofile FILE [--coverage-threshold N] [--coverage-exclude GLOBS]]
      Reports a saved \`go test -json\` stream (FILE, or - for standard input) and/or a
      coverage profile. DIR is the module the stream came from (default: .).

Exit status: ${CLI_EXIT.passed} when the gate passed, ${CLI_EXIT.failed} when it failed, ${CLI_EXIT.usage} for bad usage (an unknown
command or option, or a value an option or input does not accept).
`
