// Runs a program and measures its wall time and peak resident memory.
// GNU time (`/usr/bin/time -f %M`) reports the peak RSS the kernel recorded
// (getrusage of the waited-for process: the largest of it and its children);
// without it the child's /proc/<pid>/status VmHWM is polled, which is close
// but can miss the last moments, and the result says which method was used.
import { spawn, spawnSync } from 'node:child_process'
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const GNU_TIME = '/usr/bin/time'
let gnuTime

/** True when /usr/bin/time is GNU time (it understands -f and -o). */
export function hasGnuTime() {
  if (gnuTime === undefined) {
    // BENCH_NO_GNU_TIME=1 tries the fallback on a machine that has GNU time.
    gnuTime =
      !process.env.BENCH_NO_GNU_TIME &&
      existsSync(GNU_TIME) &&
      spawnSync(GNU_TIME, ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0
  }
  return gnuTime
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * Runs `file args` to the end. stdout goes to `stdoutFile` (default /dev/null),
 * stderr is kept (the last 64 KiB) for error messages.
 * CPU time (user + system, of the program and the children it waited for) comes with GNU time only.
 * @returns {Promise<{ wallMs: number, peakRssKiB: number | null, cpuMs: number | null, exitCode: number | null,
 *   signal: string | null, stderr: string, method: 'gnu-time' | 'proc-poll' }>}
 */
export async function measure(file, args, { cwd, env, stdoutFile = '/dev/null', stdin = 'ignore' } = {}) {
  const out = openSync(stdoutFile, 'w')
  const scratch = mkdtempSync(path.join(tmpdir(), 'go-gate-measure-'))
  const timeFile = path.join(scratch, 'time')
  const useTime = hasGnuTime()
  const [cmd, cmdArgs] = useTime
    ? [GNU_TIME, ['-o', timeFile, '-f', '%M %U %S', file, ...args]]
    : [file, args]
  let stderr = ''
  let polledKiB = 0
  try {
    const started = performance.now()
    const child = spawn(cmd, cmdArgs, { cwd, env, stdio: [stdin, out, 'pipe'] })
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-65536)
    })
    const poll = useTime
      ? undefined
      : setInterval(() => {
          polledKiB = Math.max(polledKiB, readVmHwm(child.pid))
        }, 20)
    const [exitCode, signal] = await new Promise((resolve, reject) => {
      child.on('error', reject)
      child.on('close', (code, sig) => resolve([code, sig]))
    })
    const wallMs = performance.now() - started
    if (poll) clearInterval(poll)
    let peakRssKiB = useTime ? null : polledKiB || null
    let cpuMs = null
    if (useTime && existsSync(timeFile)) {
      // GNU time writes "Command exited with non-zero status N" before the format line.
      const lines = readFileSync(timeFile, 'utf8').trim().split('\n')
      const [rss, user, sys] = lines[lines.length - 1].split(' ').map(Number)
      if (Number.isFinite(rss)) peakRssKiB = rss
      if (Number.isFinite(user) && Number.isFinite(sys)) cpuMs = (user + sys) * 1000
    }
    return { wallMs, peakRssKiB, cpuMs, exitCode, signal, stderr, method: useTime ? 'gnu-time' : 'proc-poll' }
  } finally {
    closeSync(out)
    rmSync(scratch, { recursive: true, force: true })
  }
}

function readVmHwm(pid) {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) : 0
  } catch {
    return 0
  }
}

export function mib(kib) {
  return kib === null || kib === undefined ? 'n/a' : `${(kib / 1024).toFixed(0)} MiB`
}

export function seconds(ms) {
  return `${(ms / 1000).toFixed(2)} s`
}
