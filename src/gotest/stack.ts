// Stack traces as Go prints them: panics, goroutine dumps and race reports.

export interface Frame {
  /** Function as printed, e.g. `example.com/m/pkg.(*T).Method` or `created by testing.(*T).Run`. */
  func: string
  file: string
  line: number
}

// `\t/abs/path/file.go:12 +0x1d` (panic) or `      /abs/file.go:4 +0x30` (race)
const FRAME_FILE = /^\s+(\S.*?):(\d+)(?: \+0x[0-9a-f]+)?\s*$/
// `pkg.Func(0x1, ...)` or `  pkg.Func()` or `created by pkg.Func in goroutine 4`
const FRAME_FUNC = /^\s*(?:created by )?(\S+?)(?:\(.*\))?(?: in goroutine \d+)?\s*$/

/** Reads the frames out of stack lines: a function line followed by its file:line. */
export function parseFrames(lines: readonly string[]): Frame[] {
  const frames: Frame[] = []
  for (let i = 1; i < lines.length; i++) {
    const file = FRAME_FILE.exec(lines[i])
    if (!file) continue
    const fn = FRAME_FUNC.exec(lines[i - 1])
    if (!fn || FRAME_FILE.test(lines[i - 1])) continue
    frames.push({ func: fn[1], file: file[1], line: Number(file[2]) })
  }
  return frames
}

/** Import path of the package a frame's function belongs to (`a/b/pkg.(*T).M` → `a/b/pkg`). */
export function framePackage(func: string): string {
  const slash = func.lastIndexOf('/')
  const dot = func.indexOf('.', slash + 1)
  return dot < 0 ? func : func.slice(0, dot)
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
