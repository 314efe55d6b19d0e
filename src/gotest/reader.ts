// src/gotest/ owns the reader of `go test -json`: events parsed as they stream (event, lines,
// reader), folded into a run model (collect), each failed test's output read for what explains
// it (analyze, stack), failures located in the repository (locate), classified and ordered
// (explain), and a finished run turned into a StageResult (stage-result). No file or process
// I/O: the pipeline feeds it bytes and a source index; the unit tests feed it recorded streams.
//
// The streaming entry of the reader: bytes in (stdout and stderr of `go test
// -json`, or a saved stream), a TestRun out. Nothing holds the whole log.

import { LineSplitter } from '../text/lines.js'
import { type CollectorHooks, type TestRun, TestRunCollector } from './collect.js'
import { parseTestEvent, type TestEvent } from './event.js'
import { MAX_LINE_BYTES } from './lines.js'

export class TestJsonReader {
  private readonly collector: TestRunCollector
  private readonly stdout: LineSplitter
  private readonly stderr: LineSplitter

  constructor(
    hooks: CollectorHooks & {
      onRawLine?: (line: string, source: 'stdout' | 'stderr') => void
      /** The text of each output and build-output event, as it arrives (for the log). */
      onOutput?: (text: string) => void
      /** Every event, as it arrives (for live progress). */
      onEvent?: (event: TestEvent) => void
    } = {}
  ) {
    this.collector = new TestRunCollector(hooks)
    this.stdout = new LineSplitter(
      (line) => {
        const event = parseTestEvent(line)
        if (event) {
          if (hooks.onOutput && event.Output !== undefined) hooks.onOutput(event.Output)
          hooks.onEvent?.(event)
          this.collector.addEvent(event)
        } else if (line !== '') {
          hooks.onRawLine?.(line, 'stdout')
          this.collector.addRawLine(line, 'stdout')
        }
      },
      { maxLineChars: MAX_LINE_BYTES }
    )
    this.stderr = new LineSplitter(
      (line) => {
        hooks.onRawLine?.(line, 'stderr')
        this.collector.addRawLine(line, 'stderr')
      },
      { maxLineChars: MAX_LINE_BYTES }
    )
  }

  pushStdout(chunk: Uint8Array | string): void {
    this.stdout.push(chunk)
  }

  pushStderr(chunk: Uint8Array | string): void {
    this.stderr.push(chunk)
  }

  finish(stoppedOnPurpose = false): TestRun {
    this.stdout.end()
    this.stderr.end()
    return this.collector.finish(stoppedOnPurpose)
  }
}

/** Reads a whole saved stream (stdout of `go test -json`, possibly with stderr mixed in). */
export async function readTestStream(
  input: AsyncIterable<Uint8Array | string>,
  hooks?: CollectorHooks
): Promise<TestRun> {
  const reader = new TestJsonReader(hooks)
  for await (const chunk of input) reader.pushStdout(chunk)
  return reader.finish()
}
