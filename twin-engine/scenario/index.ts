/**
 * The instructor-facing scenario system: loaders for scenarios, wards and cohorts, the runtime that
 * plays a scenario on a bed, and the published JSON Schemas. SIMULATION ONLY.
 */
export { formatDiagnostic, type Diagnostic, type LoadResult } from './diagnostics';
export { parseScenario, bindScenario, profileOf, type Scenario, type ParamOverrides, type ParseScenarioOptions } from './scenario';
export { parseWard, loadWard, stableScenario, type Ward, type WardBed, type ReadFile } from './ward';
export { parseQuantity, formatQuantity, DIMENSIONS, type Dimension } from './units';
export { parseCondition, type Condition, type Expr } from './expr';
export { resolveRef } from './paths';
export { LEARNER_ACTIONS, ACTION_GROUPS, NON_MODEL_ACTIONS } from './vocab';
export { ScenarioRuntime, toInterventionSpec, describeIntervention, type RuntimeSnapshot, type RuntimeOptions } from './runtime';
export type { BedControl, ScenarioEvent, ScenarioEventKind, ExpectedActionResult, ExpectedActionStatus, LabelInterval } from './runtime-types';
export { actionsForIntervention } from './vocab';
export { parseCohort, sampleCohort, sampleDist, type Cohort, type CohortInstance, type Dist } from './cohort';
export { generateSchemas, toJsonSchema } from './schema-gen';
export { bedControlFor, type PatientModelLike } from './bed-adapter';
