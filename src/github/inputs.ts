// Reads the action's inputs once, into Options. Nothing deeper calls core.getInput.
import * as core from '@actions/core'
import type { InputName } from '../constants.js'
import { type Options, parseOptions } from '../options.js'

export function readActionOptions(workspace: string): Options {
  return parseOptions((name: InputName) => {
    // Multi-line inputs keep their lines; getInput trims the ends only.
    const value = core.getInput(name, { trimWhitespace: true })
    return value === '' ? undefined : value
  }, workspace)
}

/**
 * The github-token input as given, even when another input is invalid (Options
 * then never exist): it is registered as a secret either way.
 */
export function readTokenInput(): string {
  const value = core.getInput('github-token', { trimWhitespace: true })
  return value.startsWith('${{') ? '' : value
}
