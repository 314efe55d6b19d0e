// Writes a RunReport where GitHub shows it: annotations, the job summary, outputs.
import * as core from '@actions/core'
import * as github from '@actions/github'
import type { OutputName } from '../constants.js'
import type { RunReport } from '../model/report.js'
import { reportOutputs } from '../report/outputs.js'
import { rankAnnotations } from '../report/rank.js'
import { renderSummary } from '../report/summary.js'

export interface PublishOptions {
  annotations: boolean
  summary: boolean
}

function blobUrl(): string | undefined {
  try {
    const { serverUrl, sha } = github.context
    const { owner, repo } = github.context.repo
    return sha ? `${serverUrl}/${owner}/${repo}/blob/${sha}` : undefined
  } catch {
    return undefined
  }
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
