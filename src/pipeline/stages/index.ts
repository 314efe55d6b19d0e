// src/pipeline/stages/ owns one runner per stage (tidy, lint, unit, integration, build): the
// commands a stage runs, and which core function reads their output.
//
// The stage implementations by name. The pipeline runs them in STAGE_NAMES order.
import type { StageName } from '../../model/report.js'
import type { StageRunner } from '../context.js'
import { runBuildStage } from './build.js'
import { runIntegrationStage } from './integration.js'
import { runLintStage } from './lint.js'
import { runTidyStage } from './tidy.js'
import { runUnitStage } from './unit.js'

export const STAGE_RUNNERS: Record<StageName, StageRunner> = {
  tidy: runTidyStage,
  lint: runLintStage,
  unit: runUnitStage,
  integration: runIntegrationStage,
  build: runBuildStage
}
