// Runs the bundled action the way the GitHub runner does: inputs as INPUT_*
// variables, GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY files, and
// workflow commands read from stdout with the runner's rules (including
// ::stop-commands::), so a test sees exactly what a user would.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const REPO_ROOT = path.resolve(
  import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname),
  '..',
  '..'
)

export interface WorkflowCommand {
  command: string
  properties: Record<string, string>
  message: string
}

export interface Annotation {
  severity: 'error' | 'warning' | 'notice'
  message: string
  file?: string
  line?: number
  col?: number
  endLine?: number
  title?: string
}

export interface ActionRun {
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  commands: WorkflowCommand[]
  annotations: Annotation[]
  outputs: Record<string, string>
  state: Record<string, string>
  summary: string
  masks: string[]
  /** The log as the runner shows it: stdout with each `::add-mask::` value replaced by *** from its line on. */
  log: string
  durationMs: number
}

function unescapeData(text: string): string {
  return text.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%')
}
function unescapeProperty(text: string): string {
  return unescapeData(text).replace(/%3A/gi, ':').replace(/%2C/gi, ',')
}

/**
 * Reads workflow commands from stdout as the runner does: `::cmd props::msg`
 * at the start of a line after white space, the legacy `##[cmd]msg` anywhere
 * in a line, and nothing but the resume token while commands are stopped.
 */
export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = []
  let stopToken: string | null = null
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trimStart()
    if (stopToken !== null) {
      if (line === `::${stopToken}::`) stopToken = null
      continue
    }
    const v2 = /^::([A-Za-z-]+)(?: ([^:]*?))?::(.*)$/.exec(line)
    if (v2) {
      const properties: Record<string, string> = {}
      for (const pair of (v2[2] ?? '').split(',')) {
        const eq = pair.indexOf('=')
        if (eq > 0) properties[pair.slice(0, eq).trim()] = unescapeProperty(pair.slice(eq + 1))
      }
      const command = { command: v2[1], properties, message: unescapeData(v2[3]) }
      if (command.command === 'stop-commands') stopToken = command.message
      commands.push(command)
      continue
    }
    const legacy = /##\[([A-Za-z-]+)(?: ([^\]]*))?\](.*)$/.exec(raw)
    if (legacy) commands.push({ command: legacy[1], properties: {}, message: legacy[3] })
  }
  return commands
}

/**
 * stdout as the log shows it: the runner replaces every registered mask with ***
 * in each line written after `::add-mask::` (commands in a stopped block
 * register nothing), line by line, so a value spanning lines is not masked.
 */
export function maskedLog(stdout: string): string {
  const masks: string[] = []
  let stopToken: string | null = null
  const shown: string[] = []
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trimStart()
    if (stopToken !== null) {
      if (line === `::${stopToken}::`) stopToken = null
    } else {
      const command = parseWorkflowCommands(raw)[0]
      if (command?.command === 'stop-commands') stopToken = command.message
      if (command?.command === 'add-mask') {
        if (command.message !== '') masks.push(command.message)
        continue
      }
    }
    let text = raw
    for (const mask of masks) text = text.split(mask).join('***')
    shown.push(text)
  }
  return shown.join('\n')
}

function readKeyValueFile(file: string): Record<string, string> {
  const values: Record<string, string> = {}
  if (!existsSync(file)) return values
  const lines = readFileSync(file, 'utf8').split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i])
    if (heredoc) {
      const body: string[] = []
      i++
      while (i < lines.length && lines[i] !== heredoc[2]) body.push(lines[i++])
      values[heredoc[1]] = body.join('\n')
      continue
    }
    const eq = lines[i].indexOf('=')
    if (eq > 0) values[lines[i].slice(0, eq)] = lines[i].slice(eq + 1)
  }
  return values
}

export interface RunActionOptions {
  workspace: string
  inputs?: Record<string, string>
  env?: NodeJS.ProcessEnv
  /** Which bundled entry: main or post. */
  entry?: 'main' | 'post'
  /** State saved by an earlier main step, passed as STATE_* like the runner does. */
  state?: Record<string, string>
  /** Called with the child once it started (to send it signals). */
  onSpawn?: (child: import('node:child_process').ChildProcess) => void
  /** Called with each stdout chunk. */
  onStdout?: (text: string) => void
  timeoutMs?: number
}

/** Runs dist/<entry>/index.js as the runner would and collects what GitHub would show. */
export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'go-gate-step-'))
  const files = {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'),
    GITHUB_ENV: path.join(dir, 'env'),
    GITHUB_PATH: path.join(dir, 'path')
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GOPATH: process.env.GOPATH,
    GOCACHE: process.env.GOCACHE,
    GOMODCACHE: process.env.GOMODCACHE,
    GOFLAGS: process.env.GOFLAGS ?? '-buildvcs=false',
    GOTOOLCHAIN: 'local',
    GOPROXY: process.env.GOPROXY,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TEMP: dir,
    RUNNER_TOOL_CACHE: path.join(dir, 'tool-cache'),
    ...files,
    ...options.env
  }
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value
  const script = path.join(REPO_ROOT, 'dist', options.entry ?? 'main', 'index.js')
  const started = Date.now()
  // GO_GATE_TEST_NODE runs the bundle on another Node, e.g. the node24 GitHub uses (`npx -y node@24`).
  const node = process.env.GO_GATE_TEST_NODE || process.execPath
  const child = spawn(node, [script], {
    cwd: options.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  options.onSpawn?.(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8')
    stdout += text
    options.onStdout?.(text)
  })
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8')
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 170_000)
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (code, sig) => resolve([code, sig]))
  )
  clearTimeout(timer)
  const commands = parseWorkflowCommands(stdout)
  const annotations: Annotation[] = commands
    .filter((c) => c.command === 'error' || c.command === 'warning' || c.command === 'notice')
    .map((c) => ({
      severity: c.command as Annotation['severity'],
      message: c.message,
      file: c.properties.file,
      line: c.properties.line !== undefined ? Number(c.properties.line) : undefined,
      col: c.properties.col !== undefined ? Number(c.properties.col) : undefined,
      endLine: c.properties.endLine !== undefined ? Number(c.properties.endLine) : undefined,
      title: c.properties.title
    }))
  return {
    exitCode,
    signal,
    stdout,
    stderr,
    commands,
    annotations,
    outputs: readKeyValueFile(files.GITHUB_OUTPUT),
    state: readKeyValueFile(files.GITHUB_STATE),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    masks: commands.filter((c) => c.command === 'add-mask').map((c) => c.message),
    log: maskedLog(stdout),
    durationMs: Date.now() - started
  }
}

export interface FixtureMarker {
  kind: string
  test?: string
  /** Relative to the fixture root. */
  file: string
  line: number
}

export interface FixtureSpec {
  name: string
  root: string
  flags: string[]
  packages: string
  workingDirectory: string
  expect: { result: string; kind: string | null; test: string | null; package: string | null }
  markers: FixtureMarker[]
}

function walkGoFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry)
    if (statSync(full).isDirectory()) walkGoFiles(full, out)
    else if (entry.endsWith('.go')) out.push(full)
  }
  return out
}

/** Reads a fixture: its fixture.json and the `// gate:want` markers on its lines. */
export function loadFixture(name: string, base = path.join(REPO_ROOT, '__tests__', 'fixtures')): FixtureSpec {
  const root = path.join(base, name)
  const spec = JSON.parse(readFileSync(path.join(root, 'fixture.json'), 'utf8'))
  const markers: FixtureMarker[] = []
  for (const file of walkGoFiles(root)) {
    const lines = readFileSync(file, 'utf8').split('\n')
    lines.forEach((text, i) => {
      const m = /\/\/ gate:want (\S+)(?: test=(\S+))?/.exec(text)
      if (m)
        markers.push({
          kind: m[1],
          test: m[2],
          file: path.relative(root, file).split(path.sep).join('/'),
          line: i + 1
        })
    })
  }
  return {
    name,
    root,
    flags: spec.flags ?? [],
    packages: spec.packages ?? './...',
    workingDirectory: spec.workingDirectory ?? '.',
    expect: spec.expect,
    markers
  }
}

/** The action inputs that run a fixture's unit stage the way fixture.json describes. */
export function fixtureInputs(spec: FixtureSpec): Record<string, string> {
  const timeout = spec.flags.indexOf('-timeout')
  return {
    stages: 'unit',
    'working-directory': spec.workingDirectory,
    packages: spec.packages,
    race: spec.flags.includes('-race') ? 'true' : 'false',
    'test-timeout': timeout >= 0 ? spec.flags[timeout + 1] : '2m',
    cache: 'false'
  }
}
