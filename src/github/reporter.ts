// The Reporter of the action: core.info/warning/group, and raw Go output
// wrapped in ::stop-commands:: so a test cannot drive the runner by printing
// `::add-mask::`, `::error` or `##[error]`.
import { randomUUID } from 'node:crypto'
import * as core from '@actions/core'
import type { Reporter } from '../pipeline/context.js'

const COMMAND_LIKE = /##\[|^\s*::/m

export class ActionReporter implements Reporter {
  private token: string | null = null

  constructor(private readonly write: (text: string) => void = (text) => process.stdout.write(text)) {}

  output(line: string): void {
    if (this.token === null) {
      // A fresh token each time: nothing printed before can have guessed it.
      this.token = randomUUID().replace(/-/g, '')
      this.write(`::stop-commands::${this.token}\n`)
    }
    this.write(`${line}\n`)
  }

  /** Turns workflow commands back on; call before writing any command. */
  resume(): void {
    if (this.token === null) return
    this.write(`::${this.token}::\n`)
    this.token = null
  }

  info(message: string): void {
    // A message that carries text from Go's output could hold a command the
    // runner obeys (`##[cmd]` anywhere, `::cmd::` at a line start): print it raw, stopped.
    if (COMMAND_LIKE.test(message)) {
      for (const line of message.split(/\r?\n/)) this.output(line)
      return
    }
    this.resume()
    core.info(message)
  }

  warning(message: string): void {
    this.resume()
    core.warning(message)
  }

  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.resume()
    core.startGroup(title)
    try {
      return await fn()
    } finally {
      this.resume()
      core.endGroup()
    }
  }
}
