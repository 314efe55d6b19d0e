export const id = 694;
export const ids = [694];
export const modules = {

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
