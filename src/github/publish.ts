// Writes a RunReport where GitHub shows it: annotations, the job summary, outputs.
import * as core from '@actions/core'
import type { OutputName } from '../constants.js'
import type { RunReport } from '../model/report.js'
import { reportOutputs } from '../report/outputs.js'
import { rankAnnotations } from '../report/rank.js'
import { renderSummary } from '../report/summary.js'

export interface PublishOptions {
  annotations: boolean
  summary: boolean
}

/**
 * Where file links in the summary point. Three variables the runner sets are
 * enough: no need to load @actions/github (Octokit) for them, which would cost
 * the step's start-up most of its time.
 */
export function blobUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  const repository = env.GITHUB_REPOSITORY ?? ''
  const sha = env.GITHUB_SHA ?? ''
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository) || !/^[0-9a-f]{7,64}$/i.test(sha)) return undefined
  return `${server}/${repository}/blob/${sha}`
}

export async function publishReport(report: RunReport, options: PublishOptions): Promise<void> {
  if (options.annotations) {
    for (const a of rankAnnotations(report)) {
      const properties: core.AnnotationProperties = { title: a.title }
      if (a.file !== undefined) {
        properties.file = a.file
        if (a.line !== undefined) properties.startLine = a.line
        if (a.col !== undefined) properties.startColumn = a.col
        if (a.endLine !== undefined) properties.endLine = a.endLine
      }
      if (a.severity === 'error') core.error(a.message, properties)
      else if (a.severity === 'warning') core.warning(a.message, properties)
      else core.notice(a.message, properties)
    }
  }
  const outputs = reportOutputs(report)
  for (const [name, value] of Object.entries(outputs) as [OutputName, string][]) core.setOutput(name, value)
  if (options.summary && process.env.GITHUB_STEP_SUMMARY) {
    try {
      await core.summary.addRaw(renderSummary(report, { blobUrl: blobUrl() })).write()
    } catch (error) {
      core.warning(`The job summary could not be written: ${(error as Error).message}`)
    }
  }
}
