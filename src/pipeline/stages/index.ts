// The stage implementations by name. The pipeline runs them in STAGE_NAMES order.
import type { StageName } from '../../report/model.js'
import type { StageRunner } from '../context.js'
import { runLintStage } from './lint.js'
import { runUnitStage } from './unit.js'

export const STAGE_RUNNERS: Partial<Record<StageName, StageRunner>> = {
  lint: runLintStage,
  unit: runUnitStage
}
