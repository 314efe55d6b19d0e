// Stack traces as Go prints them: panics, goroutine dumps and race reports.

export interface Frame {
  /** Function as printed, e.g. `example.com/m/pkg.(*T).Method` or `created by testing.(*T).Run`. */
  func: string
  file: string
  line: number
}

// `\t/abs/path/file.go:12 +0x1d` (panic) or `      /abs/file.go:4 +0x30` (race)
const FRAME_FILE = /^\s+(\S.*?):(\d+)(?: \+0x[0-9a-f]+)?\s*$/
/** Reads the frames out of stack lines: a function line followed by its file:line. */
export function parseFrames(lines: readonly string[]): Frame[] {
  const frames: Frame[] = []
  for (let i = 1; i < lines.length; i++) {
    const file = FRAME_FILE.exec(lines[i])
    if (!file) continue
    if (FRAME_FILE.test(lines[i - 1])) continue
    const func = frameFunction(lines[i - 1])
    if (func === null) continue
    frames.push({ func, file: file[1], line: Number(file[2]) })
  }
  return frames
}

/**
 * The function of a frame line, without its arguments: `pkg.(*T).M(0x1, {...})`
 * gives `pkg.(*T).M`, `created by pkg.F in goroutine 4` gives `pkg.F`. Only the
 * argument list at the end is dropped; the receiver's parentheses stay.
 */
export function frameFunction(line: string): string | null {
  let text = line.trim()
  if (text.startsWith('created by '))
    text = text.slice('created by '.length).replace(/ in goroutine \d+$/, '')
  if (text.endsWith(')')) {
    let depth = 0
    for (let i = text.length - 1; i >= 0; i--) {
      const c = text[i]
      if (c === ')') depth++
      else if (c === '(') {
        depth--
        if (depth === 0) {
          text = text.slice(0, i)
          break
        }
      }
    }
  }
  if (text === '' || /\s/.test(text)) return null
  return text
}

const RUNTIME_PREFIXES = [
  'runtime.',
  'runtime/',
  'testing.',
  'testing/',
  'internal/',
  'sync.',
  'reflect.',
  'syscall.'
]

/** True for frames in Go's own machinery, which never locate a failure. */
export function isToolchainFrame(frame: Frame): boolean {
  return (
    RUNTIME_PREFIXES.some((prefix) => frame.func.startsWith(prefix)) || frame.file.startsWith('_testmain.go')
  )
}

export interface Goroutine {
  header: string
  state: string
  frames: Frame[]
}

const GOROUTINE_HEADER = /^goroutine \d+ (?:gp=\S+ m=\S+ (?:mp=\S+ )?)?\[([^\]]*)\]:$/

/** True when the line starts a goroutine block in a traceback. */
export function goroutineState(line: string): string | null {
  const m = GOROUTINE_HEADER.exec(line)
  return m ? m[1] : null
}
