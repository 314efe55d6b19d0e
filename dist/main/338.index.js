export const id = 338;
export const ids = [338,694];
export const modules = {

/***/ 338:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runMergeStep: () => (/* binding */ runMergeStep)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/pipeline/changed-lines.ts
var changed_lines = __webpack_require__(33980);
// EXTERNAL MODULE: ./src/pipeline/gated-pipeline.ts + 43 modules
var gated_pipeline = __webpack_require__(77403);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./src/coverage/index.ts + 2 modules
var src_coverage = __webpack_require__(9347);
// EXTERNAL MODULE: ./src/gotest/test-cases.ts
var test_cases = __webpack_require__(28784);
// EXTERNAL MODULE: ./src/model/report.ts
var model_report = __webpack_require__(55235);
;// CONCATENATED MODULE: ./src/merge/shards.ts
// src/merge/ owns merging a sharded run: the RunReports of the shards folded into the one report
// a single run would give (counts summed, stages joined, failures of all shards in explaining
// order, a missing shard named as a failure), and the timings the shards measured. Pure: the
// pipeline reads the files and merges the coverage profiles; the root cause is chosen where
// every report's is (settleRunResult), never here.



/** Stages whose packages are split between shards; the others run the same everywhere, if at all. */
const SHARDED_STAGES = ['unit', 'integration'];
/** The one sentence a missing shard gets: the merge fails with it. */
function missingShardTitle(index, count) {
    return `Shard ${index} of ${count} left no result (cancelled or crashed?)`;
}
/**
 * Folds the shards' reports into one. Throws GateError('invalid-input') when the reports cannot
 * belong to one sharded run: a report that is no shard's, shards that disagree on n or on the
 * working directory, two results for one shard. `missingMessage` explains a missing shard.
 */
function mergeShardReports(inputs, missingMessage) {
    if (inputs.length === 0)
        throw new errors/* GateError */.ue('invalid-input', 'No shard left a result to merge.');
    for (const input of inputs) {
        if (!input.report.shard)
            throw new errors/* GateError */.ue('invalid-input', `${input.source} is the result of a run that was not sharded (no "shard"); the merge reads only the results of shard: i/n runs.`);
    }
    const count = inputs[0].report.shard?.shard.count ?? 0;
    const disagree = inputs.find((i) => i.report.shard?.shard.count !== count);
    if (disagree) {
        throw new errors/* GateError */.ue('invalid-input', `The shards disagree on their number: ${inputs[0].source} is one of ${count}, ${disagree.source} one of ${disagree.report.shard?.shard.count}. Merge the results of one matrix at a time.`);
    }
    const workingDirectory = inputs[0].report.workingDirectory;
    const elsewhere = inputs.find((i) => i.report.workingDirectory !== workingDirectory);
    if (elsewhere) {
        throw new errors/* GateError */.ue('invalid-input', `The shards ran in different working directories: ${inputs[0].source} in ${workingDirectory}, ${elsewhere.source} in ${elsewhere.report.workingDirectory}.`);
    }
    const byIndex = new Map();
    for (const input of inputs) {
        const index = input.report.shard?.shard.index ?? 0;
        const twin = byIndex.get(index);
        if (twin)
            throw new errors/* GateError */.ue('invalid-input', `Shard ${index} of ${count} left two results: ${twin.source} and ${input.source}.`);
        byIndex.set(index, input);
    }
    const shards = [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, input]) => input);
    const missing = [];
    for (let i = 1; i <= count; i++)
        if (!byIndex.has(i))
            missing.push(i);
    const stages = model_report/* STAGE_NAMES */.y1.flatMap((name) => {
        const ran = shards.flatMap((s) => {
            const stage = s.report.stages.find((r) => r.stage === name);
            return stage ? [{ shard: s.report.shard?.shard.index ?? 0, stage }] : [];
        });
        if (ran.length === 0)
            return [];
        return [SHARDED_STAGES.includes(name) ? mergeStage(name, ran, count) : firstThatRan(ran)];
    });
    if (missing.length > 0) {
        // The missing shards' packages were not tested: the test stages say so, in the first one that ran.
        const stage = stages.find((s) => SHARDED_STAGES.includes(s.stage) && s.status !== 'skipped') ??
            stages.find((s) => SHARDED_STAGES.includes(s.stage));
        const failures = missing.map((index) => ({
            kind: 'cancelled',
            stage: stage?.stage ?? 'unit',
            severity: 'error',
            title: missingShardTitle(index, count),
            // The first line is the sentence the root cause shows.
            message: `${missingShardTitle(index, count)}\n${missingMessage(index, count)}`
        }));
        if (stage) {
            stage.failures.push(...failures);
            stage.status = 'failed';
        }
        else {
            stages.push({
                stage: 'unit',
                status: 'failed',
                durationMs: 0,
                failures,
                notices: [],
                notes: []
            });
        }
    }
    const report = {
        result: 'success',
        stages,
        setupFailures: unique(shards.flatMap((s) => s.report.setupFailures)),
        tests: sumCounts(stages.map((s) => s.tests)),
        durationMs: Math.max(...shards.map((s) => s.report.durationMs)),
        environment: shards[0].report.environment,
        workingDirectory
    };
    return { report, count, missing, shards };
}
/** A stage every shard runs the same way (tidy, lint, build): the first shard's that ran it says it all. */
function firstThatRan(ran) {
    return structuredClone((ran.find((r) => r.stage.status !== 'skipped') ?? ran[0]).stage);
}
/** A test stage: each shard ran its packages; together they ran all of them. */
function mergeStage(name, ran, count) {
    const stages = ran.map((r) => r.stage);
    const status = stages.some((s) => s.status === 'failed')
        ? 'failed'
        : stages.some((s) => s.status === 'passed')
            ? 'passed'
            : 'skipped';
    // Each shard gated coverage on its share alone: the merged profile is gated again, so theirs go.
    const notCoverage = (f) => f.kind !== 'coverage-below-threshold';
    const failures = ran
        .flatMap((r) => r.stage.failures.filter(notCoverage))
        // Stable: equal ranks keep shard order, as a single run keeps the order failures happened in.
        .sort((a, b) => model_report/* EXPLAINING_RANK */.xl[a.kind] - model_report/* EXPLAINING_RANK */.xl[b.kind]);
    const notes = unique(ran.flatMap((r) => r.stage.notes.filter((n) => !n.startsWith('Coverage ')).map((n) => `Shard ${r.shard} of ${count}: ${n}`)));
    for (const r of ran) {
        if (r.stage.status === 'skipped' && status !== 'skipped')
            notes.push(`Shard ${r.shard} of ${count} skipped the ${name} stage: ${r.stage.skipReason ?? 'no reason given'}.`);
    }
    const merged = {
        stage: name,
        status,
        durationMs: Math.max(...stages.map((s) => s.durationMs)),
        failures,
        notices: ran.flatMap((r) => r.stage.notices.filter(notCoverage)),
        notes,
        command: stages.find((s) => s.command)?.command,
        tests: sumCounts(stages.map((s) => s.tests)),
        // Shards finish in any order: the table lists packages by import path.
        packages: stages
            .flatMap((s) => s.packages ?? [])
            .sort((a, b) => (a.importPath < b.importPath ? -1 : a.importPath > b.importPath ? 1 : 0)),
        notRun: stages.flatMap((s) => s.notRun ?? [])
    };
    merged.notes.unshift(`Merged from the results of ${ran.length} of ${count} shards.`);
    if (status === 'skipped')
        merged.skipReason = stages[0].skipReason;
    const rawTail = stages.find((s) => s.status === 'failed' && s.rawTail)?.rawTail;
    if (rawTail)
        merged.rawTail = rawTail;
    const flaky = stages.flatMap((s) => s.flaky ?? []);
    if (flaky.length > 0)
        merged.flaky = flaky;
    const quarantined = stages.flatMap((s) => s.quarantined ?? []);
    if (quarantined.length > 0)
        merged.quarantined = quarantined;
    let dropped = stages.reduce((n, s) => n + (s.testCasesDropped ?? 0), 0);
    if (stages.some((s) => s.testCases)) {
        // The merge keeps no more than one run would: each shard kept up to the cap, n shards n times it.
        const cases = stages.flatMap((s) => s.testCases ?? []);
        merged.testCases = cases.slice(0, test_cases/* MAX_TEST_CASES */.M);
        dropped += cases.length - merged.testCases.length;
    }
    if (dropped > 0)
        merged.testCasesDropped = dropped;
    return merged;
}
function sumCounts(all) {
    const total = { passed: 0, failed: 0, skipped: 0 };
    for (const c of all) {
        if (!c)
            continue;
        total.passed += c.passed;
        total.failed += c.failed;
        total.skipped += c.skipped;
    }
    return total;
}
/** Drops repeats (the same set-up failure or note from every shard), keeping the first. */
function unique(items) {
    const seen = new Set();
    return items.filter((item) => {
        const key = JSON.stringify(item);
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}

// EXTERNAL MODULE: ./src/report/report-json.ts
var report_json = __webpack_require__(97901);
// EXTERNAL MODULE: ./src/shard/assign.ts
var shard_assign = __webpack_require__(66267);
// EXTERNAL MODULE: ./src/shard/timings.ts
var shard_timings = __webpack_require__(27307);
// EXTERNAL MODULE: ./src/pipeline/coverage-gates.ts
var coverage_gates = __webpack_require__(5983);
// EXTERNAL MODULE: ./src/pipeline/results.ts + 1 modules
var results = __webpack_require__(66659);
// EXTERNAL MODULE: ./src/pipeline/verdict.ts + 1 modules
var verdict = __webpack_require__(83932);
;// CONCATENATED MODULE: ./src/pipeline/merge.ts
// The merge of a sharded run (mode: merge): each shard's result folder read back (report,
// raw coverage profile), the reports folded into one by the core, the profiles merged as
// `go tool cover` merges them and gated on the merged total, the root cause settled as for
// any run. What a shard leaves is named in results.ts.












/**
 * Reads and merges the shards' result folders. `missingMessage` says, for a shard that left no
 * folder, where its result was looked for. Throws GateError / ReportFileError when the folders
 * cannot be one run's shards.
 */
async function mergeShardFolders(folders, options, missingMessage, coverage = {}) {
    const inputs = [];
    for (const folder of folders) {
        const file = external_node_path_default().join(folder.dir, results/* RESULT_FILES */.Se.report);
        const text = await (0,promises_.readFile)(file, 'utf8').catch((error) => {
            throw new Error(`${folder.source} holds no readable ${results/* RESULT_FILES */.Se.report}: ${(0,errors/* errorMessage */.gJ)(error)}`);
        });
        const read = (0,report_json/* readReportJson */.VY)(text, `${folder.source}/${results/* RESULT_FILES */.Se.report}`);
        inputs.push({ source: folder.source, report: read.report, dir: folder.dir, modules: read.modules ?? [] });
    }
    const merged = mergeShardReports(inputs, missingMessage);
    failOnSplitDisagreement(merged);
    const profiles = inputs
        .map((i) => external_node_path_default().join(i.dir, results/* RESULT_FILES */.Se.profile))
        .filter((file) => (0,external_node_fs_.existsSync)(file));
    const unit = merged.report.stages.find((s) => s.stage === 'unit');
    if (unit && profiles.length > 0) {
        const modules = uniqueModules(inputs.flatMap((i) => i.modules), options.workspace);
        await addMergedCoverage(unit, profiles, modules, merged, options, coverage);
    }
    return {
        report: (0,verdict/* settleRunResult */.Q)(merged.report),
        // Each shard's own measurements; the merge step lays them over the record the shards split by.
        timings: (0,shard_timings/* mergeTimings */.S5)(merged.shards.map((s) => (0,shard_timings/* timingsFromReport */.yh)(s.report))),
        merged
    };
}
/**
 * Shards that split the packages differently (they restored different timings records) may have
 * left packages unrun that no shard reported: the merge must not call that green.
 */
const SPLIT_DISAGREED = 'The shards split the packages differently, so some may have run twice or not at all: run the workflow again';
function failOnSplitDisagreement(merged) {
    for (const stage of merged.report.stages) {
        if (stage.stage !== 'unit' && stage.stage !== 'integration')
            continue;
        const assignments = merged.shards.flatMap((s) => {
            const own = s.report.stages.find((st) => st.stage === stage.stage)?.shard;
            return own ? [own] : [];
        });
        const disagreement = (0,shard_assign/* splitDisagreement */.F5)(assignments);
        if (!disagreement)
            continue;
        // First: the counts and coverage of a split that went wrong explain nothing about the tests.
        stage.failures.unshift({
            kind: 'internal-error',
            stage: stage.stage,
            severity: 'error',
            title: SPLIT_DISAGREED,
            // The headline is the short sentence; which shards split how follows it.
            message: `${SPLIT_DISAGREED}
${disagreement}`
        });
        stage.status = 'failed';
    }
}
/** The modules the shards named, their folders made absolute in this workspace. */
function uniqueModules(modules, workspace) {
    const byPath = new Map();
    for (const m of modules)
        byPath.set(m.path, { path: m.path, dir: external_node_path_default().resolve(workspace, m.dir) });
    return [...byPath.values()];
}
async function addMergedCoverage(unit, profiles, modules, merged, options, coverage) {
    const threshold = options.coverage.threshold;
    const name = `the merged coverage profile of ${profiles.length} shard${profiles.length === 1 ? '' : 's'}`;
    const coverageOptions = { repoRoot: options.workspace, modules, exclude: options.coverage.exclude };
    let parsed;
    let report;
    try {
        parsed = await (0,src_coverage/* parseCoverageProfileFiles */.sY)(profiles, name);
        report = (0,src_coverage/* summarizeProfile */.jA)(parsed, coverageOptions);
    }
    catch (error) {
        const message = error instanceof src_coverage/* CoverageProfileError */.KJ ? error.message : (0,errors/* errorMessage */.gJ)(error);
        (0,src_coverage/* coverageUnreadable */.SQ)(unit, 'merged', message, threshold);
        return;
    }
    // A shard that left nothing, or stopped before all its packages ran, measured only part.
    const cutShort = merged.shards
        .filter((s) => (s.report.stages.find((st) => st.stage === 'unit')?.notRun?.length ?? 0) > 0)
        .map((s) => s.report.shard?.shard.index);
    const partialBecause = merged.missing.length > 0
        ? `shard ${merged.missing.join(', ')} of ${merged.count} left no result`
        : cutShort.length > 0
            ? `shard ${cutShort.join(', ')} of ${merged.count} was cut short`
            : undefined;
    await (0,coverage_gates/* gateCoverage */.o)(unit, report, parsed, {
        options,
        coverageBase: coverage.base,
        changed: coverage.changed,
        coverageOptions,
        partialBecause
    });
}

// EXTERNAL MODULE: ./src/github/coverage-base.ts
var coverage_base = __webpack_require__(78963);
// EXTERNAL MODULE: ./src/github/shard-artifact.ts
var shard_artifact = __webpack_require__(67694);
// EXTERNAL MODULE: ./src/github/timings.ts
var github_timings = __webpack_require__(85244);
;// CONCATENATED MODULE: ./src/github/merge-step.ts
// The merge job of a sharded run (mode: merge): downloads every shard's artifact, merges them
// into one report (src/pipeline/merge.ts) whose coverage is gated and, on a pull request, compared
// with the base branch and its changed lines as one run's would be, and saves the merged timings
// (and, on the default branch, the coverage baseline). Runs no Go; git only for the changed lines.












async function runMergeStep(options, event, reporter, tempRoot, signal) {
    const started = Date.now();
    const fail = (failure) => (0,gated_pipeline/* setupFailureReport */.qV)(options, { stage: 'setup', severity: 'error', ...failure }, started);
    const into = await (0,promises_.mkdtemp)(external_node_path_default().join(tempRoot, 'go-gate-shards-'));
    let downloaded;
    try {
        downloaded = await reporter.group('go-gate: download shard results', () => (0,shard_artifact/* downloadShardResults */.LK)(options.workingDirectory, into, reporter));
    }
    catch (error) {
        return fail({
            kind: 'dependency',
            title: `The shards' results could not be listed: ${(0,errors/* errorMessage */.gJ)(error)}`,
            message: `go-gate could not list this workflow run's artifacts: ${(0,errors/* errorMessage */.gJ)(error)}. The merge reads the shards' results from the workflow run's artifact service, which the runner names in ACTIONS_RESULTS_URL (${process.env.ACTIONS_RESULTS_URL || 'not set here'}).`
        });
    }
    const pattern = `go-gate-shard-<i>-of-<n>-<job>-${(0,shard_artifact/* workingDirectoryId */.UE)(options.workingDirectory)}-a<attempt>`;
    if (downloaded.otherJobs.length > 0) {
        return fail({
            kind: 'invalid-input',
            title: `Shards of several jobs ran in working-directory ${options.workingDirectory}: ${[downloaded.job, ...downloaded.otherJobs].join(', ')}`,
            message: `The artifacts ${pattern} come from the jobs ${[downloaded.job, ...downloaded.otherJobs].join(', ')}; a merge merges one matrix. Give each sharded job's merge its own working-directory, or shard in one job.`
        });
    }
    if (downloaded.folders.length === 0) {
        // The tests did not run anywhere that left a trace: the unit stage failed, not go-gate's start.
        const unusable = [...downloaded.failed.entries()]
            .sort(([a], [b]) => a - b)
            .map(([index, why]) => `The artifact of shard ${index} ${why}.`);
        const report = fail({
            kind: 'cancelled',
            title: 'No shard left a result (cancelled or crashed?)',
            message: unusable.length > 0
                ? `No shard left a result (cancelled or crashed?)\n${unusable.join('\n')}\nRe-run the failed jobs.`
                : `No shard left a result (cancelled or crashed?)\nThis workflow run has no artifact ${pattern}: every shard was cancelled or crashed before go-gate wrote its result, their uploads failed (a warning in each job says so), or the shards did not run go-gate with a shard input and working-directory ${options.workingDirectory}. Run the merge in a job that needs the sharded job, with if: always().`
        });
        const failure = { ...report.setupFailures[0], stage: 'unit' };
        report.setupFailures = [];
        report.stages = [
            { stage: 'unit', status: 'failed', durationMs: 0, failures: [failure], notices: [], notes: [] }
        ];
        return (0,verdict/* settleRunResult */.Q)(report);
    }
    const job = downloaded.job ?? '';
    const missingMessage = (index, count) => {
        const name = `${(0,shard_artifact/* shardArtifactStem */.Sk)({ index, count }, job, options.workingDirectory)}-a<attempt>`;
        const why = downloaded.failed.get(index);
        return why
            ? `The artifact ${name} ${why}, so the packages of shard ${index} are not in this result.`
            : `This workflow run has no artifact ${name}: the job of shard ${index} was cancelled, crashed, or ended before go-gate wrote its result, or its upload failed (a warning in that job says so), so its packages are not in this result. Re-run the failed jobs.`;
    };
    // The merged total is what a pull request's coverage is compared with, as one run's would be.
    const coverage = await (0,coverage_base/* prepareCoverageBase */.$o)({ ...options, stages: ['unit'] }, event, reporter);
    const baseSha = coverage?.base.patchBaseSha;
    const changed = baseSha
        ? (0,changed_lines/* readChangedLines */._)({ options, env: process.env, signal, reporter }, baseSha).catch((error) => `git failed: ${(0,errors/* errorMessage */.gJ)(error)}`)
        : undefined;
    try {
        const outcome = await mergeShardFolders(downloaded.folders, options, missingMessage, {
            base: coverage?.base,
            changed
        });
        if (coverage)
            (0,coverage_base/* addCoverageBaseNote */.tf)(outcome.report, await coverage.finish());
        const note = await saveMergedTimings(outcome.timings, options, event, reporter);
        if (note)
            outcome.report.stages.find((s) => s.stage === 'unit')?.notes.push(note);
        return outcome.report;
    }
    catch (error) {
        return fail({
            kind: error instanceof report_json/* ReportFileError */.tG ? 'invalid-input' : (0,errors/* errorKind */.f8)(error),
            title: (0,errors/* errorMessage */.gJ)(error).split('\n')[0],
            message: (0,errors/* errorMessage */.gJ)(error)
        });
    }
    finally {
        // git never outlives the merge, whatever happened to it.
        await changed;
    }
}
/**
 * Saves the merged timings for the next sharded run to split by (pushes to the default branch
 * only), laid over the record the shards split by so packages that ran cached keep their number.
 */
async function saveMergedTimings(timings, options, event, reporter) {
    if (!(0,shard_timings/* savesTimings */.Ut)(event))
        return undefined;
    const previous = (await (0,github_timings.restoreTimings)(options, reporter, event)).record;
    const record = previous ? (0,shard_timings/* mergeTimings */.S5)([previous, timings]) : timings;
    const saved = await (0,github_timings.saveTimingsRecord)(record, options, previous, reporter, event);
    return saved.saved ? undefined : saved.note;
}


/***/ }),

/***/ 67694:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LK: () => (/* binding */ downloadShardResults),
/* harmony export */   Sk: () => (/* binding */ shardArtifactStem),
/* harmony export */   UE: () => (/* binding */ workingDirectoryId),
/* harmony export */   shardArtifactName: () => (/* binding */ shardArtifactName),
/* harmony export */   uploadShardResult: () => (/* binding */ uploadShardResult)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _actions_artifact__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(76799);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(83916);
/* harmony import */ var _pipeline_results_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(66659);
// A shard's result as a workflow artifact (@actions/artifact, the artifact service v4), and the
// merge job's side: every shard's artifact listed and downloaded. Names are unique per workflow
// run (a re-run attempt cannot upload a name again), every leg of a matrix has the same
// GITHUB_JOB, and several matrices may shard several modules in one run: a name carries the
// shard, the job, the working directory and the run attempt, and the merge takes each shard's
// newest attempt.







const NAME_START = 'go-gate-shard-';
/** go-gate-shard-<i>-of-<n>-<job>-<working directory's hash>-a<run attempt>. */
const NAME = /^go-gate-shard-(\d+)-of-(\d+)-(.+)-([0-9a-f]{8})-a(\d+)$/;
/** Eight hex digits naming the working directory: a name stays short and free of `/`. */
function workingDirectoryId(workingDirectory) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(workingDirectory).digest('hex').slice(0, 8);
}
/** A shard's artifact name without its run attempt: what every attempt of that shard shares. */
function shardArtifactStem(shard, job, workingDirectory) {
    // Artifact names refuse " : < > | * ? \ / and line breaks; job ids are letters, digits, - and _.
    const safeJob = job.replace(/[^A-Za-z0-9_.-]/g, '_') || 'job';
    return `${NAME_START}${shard.index}-of-${shard.count}-${safeJob}-${workingDirectoryId(workingDirectory)}`;
}
function shardArtifactName(shard, job, workingDirectory, attempt = 1) {
    const n = Number(attempt);
    return `${shardArtifactStem(shard, job, workingDirectory)}-a${Number.isInteger(n) && n > 0 ? n : 1}`;
}
function parseShardArtifactName(name) {
    const m = NAME.exec(name);
    if (!m)
        return undefined;
    return {
        index: Number(m[1]),
        count: Number(m[2]),
        job: m[3],
        workingDirectoryId: m[4],
        attempt: Number(m[5])
    };
}
/** Uploads a shard's result files; a failure is one warning (the merge will name the missing shard). */
async function uploadShardResult(name, files, rootDirectory, reporter) {
    try {
        await new _actions_artifact__WEBPACK_IMPORTED_MODULE_4__/* .DefaultArtifactClient */ .t9().uploadArtifact(name, files, rootDirectory, { retentionDays: 1 });
        reporter.info(`go-gate: uploaded this shard's result as the artifact ${name}.`);
        return true;
    }
    catch (error) {
        reporter.warning(`go-gate could not upload this shard's result as the artifact ${name}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(error)}. The merge job will report this shard as missing.`);
        return false;
    }
}
/**
 * Lists this workflow run's shard artifacts of `workingDirectory` and downloads each into
 * `into/<artifact name>`. Throws when the artifact service cannot be listed at all.
 */
async function downloadShardResults(workingDirectory, into, reporter) {
    const client = new _actions_artifact__WEBPACK_IMPORTED_MODULE_4__/* .DefaultArtifactClient */ .t9();
    const { artifacts } = await client.listArtifacts({ latest: true });
    const wanted = workingDirectoryId(workingDirectory);
    const mine = artifacts.flatMap((artifact) => {
        const name = parseShardArtifactName(artifact.name);
        return name?.workingDirectoryId === wanted ? [{ artifact, name }] : [];
    });
    const jobs = [...new Set(mine.map((a) => a.name.job))].sort();
    const job = jobs[0];
    // A shard re-run in a later attempt uploads under a new name: its newest attempt stands.
    const newest = new Map();
    for (const a of mine) {
        if (a.name.job !== job)
            continue;
        const key = `${a.name.index}/${a.name.count}`;
        const known = newest.get(key);
        if (!known || known.name.attempt < a.name.attempt)
            newest.set(key, a);
    }
    const folders = [];
    const failed = new Map();
    for (const { artifact, name } of newest.values()) {
        const dir = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(into, artifact.name);
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(dir, { recursive: true });
            await client.downloadArtifact(artifact.id, { path: dir });
        }
        catch (error) {
            failed.set(name.index, `could not be downloaded (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(error)})`);
            reporter.warning(`go-gate could not download the artifact ${artifact.name}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(error)}`);
            continue;
        }
        // An artifact whose upload never finished can be listed empty (nektos/act lists it so): the
        // shard left no result, which the merge names; it is not an error inside go-gate.
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, _pipeline_results_js__WEBPACK_IMPORTED_MODULE_6__/* .RESULT_FILES */ .Se.report))) {
            const why = `holds no ${_pipeline_results_js__WEBPACK_IMPORTED_MODULE_6__/* .RESULT_FILES */ .Se.report} (an upload that did not finish, or not go-gate's)`;
            failed.set(name.index, why);
            reporter.warning(`go-gate found the artifact ${artifact.name}, but it ${why}.`);
            continue;
        }
        folders.push({ source: artifact.name, dir });
    }
    return { folders, job, failed, otherJobs: jobs.slice(1) };
}


/***/ })

};
