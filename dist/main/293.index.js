export const id = 293;
export const ids = [293];
export const modules = {

/***/ 69297:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   tV: () => (/* binding */ summarizeFaults)
/* harmony export */ });
/* unused harmony exports formatMiB, describePrune, renderSaveSummary */
// The sentences the cache steps write to the log and the summary.

function formatMiB(bytes) {
    return `${(bytes / 1048576).toFixed(1)} MiB`;
}
function describePrune(folder, plan, ms) {
    return (`Pruned ${plan.remove.length} build-cache entries go-gate restored and this run did not use (${formatMiB(plan.removeBytes)}) from ${folder} ` +
        `in ${formatDuration(ms)}; ${plan.keepEntries} entries (${formatMiB(plan.keepBytes)}) kept.`);
}
/** Markdown for the post step's job summary: one short table. */
function renderSaveSummary(outcome) {
    const rows = [];
    const status = outcome.saved
        ? 'saved'
        : outcome.skipped
            ? `not saved: ${outcome.skipped}`
            : `not saved: ${outcome.fault ?? 'unknown'}`;
    rows.push(['Cache', `\`${outcome.key}\` ${status}`]);
    if (outcome.archiveBytes !== undefined)
        rows.push(['Archive', formatMiB(outcome.archiveBytes)]);
    if (outcome.saveMs !== undefined)
        rows.push(['Save time', formatDuration(outcome.saveMs)]);
    if (outcome.pruned) {
        const p = outcome.pruned;
        rows.push([
            'Pruned before saving',
            `${p.entries} unused entries, ${formatMiB(p.bytes)} (${formatDuration(p.ms)})`
        ]);
        rows.push(['Build cache kept', `${p.keptEntries} entries, ${formatMiB(p.keptBytes)}`]);
    }
    const cell = (text) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
    return [
        '### go-gate cache save',
        '',
        '| What | Result |',
        '| --- | --- |',
        ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`),
        ''
    ].join('\n');
}
/** Short and single-line, for a warning. */
function summarizeFaults(faults) {
    const unique = [...new Set(faults.map((f) => f.replace(/\s+/g, ' ').trim()).filter((f) => f !== ''))];
    const text = unique.join('; ');
    return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}


/***/ }),

/***/ 98125:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ cacheServiceOf)
/* harmony export */ });
// Which cache service @actions/cache will speak and where, read from the
// environment the way it reads it (internal/config.ts): GitHub Enterprise Server
// and runners without ACTIONS_CACHE_SERVICE_V2 speak v1 at ACTIONS_CACHE_URL
// (REST under _apis/artifactcache/), github.com speaks v2 at ACTIONS_RESULTS_URL.
// Used to say what is missing, not just that something is.
function isGhes(serverUrl) {
    let host;
    try {
        host = new URL(serverUrl || 'https://github.com').hostname.trimEnd().toUpperCase();
    }
    catch {
        return true;
    }
    return host !== 'GITHUB.COM' && !host.endsWith('.GHE.COM') && !host.endsWith('.LOCALHOST');
}
function cacheServiceOf(env) {
    const version = !isGhes(env.GITHUB_SERVER_URL) && env.ACTIONS_CACHE_SERVICE_V2 ? 'v2' : 'v1';
    const onActions = env.GITHUB_ACTIONS === 'true' ? '' : ' (GITHUB_ACTIONS is not set either: this is not an Actions runner)';
    if (version === 'v2') {
        if (env.ACTIONS_RESULTS_URL)
            return { available: true, version, url: env.ACTIONS_RESULTS_URL };
        return {
            available: false,
            version,
            reason: `ACTIONS_RESULTS_URL is not set, and the cache service v2 (ACTIONS_CACHE_SERVICE_V2) needs it${onActions}` +
                (env.ACTIONS_CACHE_URL
                    ? '; ACTIONS_CACHE_URL is set, as for a v1 service (GitHub Enterprise Server, nektos/act), which @actions/cache uses only when ACTIONS_CACHE_SERVICE_V2 is unset'
                    : '')
        };
    }
    if (env.ACTIONS_CACHE_URL)
        return { available: true, version, url: env.ACTIONS_CACHE_URL };
    return {
        available: false,
        version,
        reason: 'ACTIONS_CACHE_URL is not set, and the cache service v1 (GitHub Enterprise Server, nektos/act, runners ' +
            `without ACTIONS_CACHE_SERVICE_V2) needs it${env.ACTIONS_RESULTS_URL ? '; ACTIONS_RESULTS_URL alone is not enough for v1' : ''}${onActions}`
    };
}


/***/ }),

/***/ 8046:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ZK: () => (/* binding */ callCache),
/* harmony export */   ym: () => (/* binding */ probeCacheService)
/* harmony export */ });
/* unused harmony exports parseActionsLogLine, captureActionsLog, abandonedCallsEnded, PROBE_TIMEOUT_MS */
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(33838);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);
// The edge every @actions/cache call goes through: its log captured (the only
// way to tell a fault from a miss), and a deadline past which the call is
// abandoned. Used by the restore (cache.ts) and the save (post.ts).



function unescapeCommandData(text) {
    return text.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}
/** Splits a line of @actions/core output into its level and message. */
function parseActionsLogLine(line) {
    const m = /^::(debug|notice|warning|error)(?: [^:]*)?::(.*)$/.exec(line);
    if (!m)
        return { level: 'info', message: line };
    return { level: m[1], message: unescapeCommandData(m[2]) };
}
/** What @actions/cache logs when a call fails: the lines an abandoned call may still write later. */
const LATE_FAULT = /^::(?:warning|error)::((?:Failed to restore|Failed to save|You've hit a rate limit).*)$/s;
/**
 * Routes what @actions/* write to stdout through `sink` until stop(). @actions/cache reports
 * its faults only by logging them (restoreCache returns undefined for a miss and for an outage
 * alike, and logs a 5xx as ::error::), so this is the one way to tell a fault from a miss and to
 * turn its error annotations into one warning. Writes made from inside `sink` pass straight through.
 */
function captureActionsLog(sink) {
    const stdout = process.stdout;
    const original = stdout.write;
    const passOn = (...args) => original.apply(stdout, args);
    let mode = 'capture';
    let inSink = false;
    let pending = '';
    const deliver = (line) => {
        // Other workflow commands (add-mask for the signed URLs, group) are for the runner: pass them on.
        if (/^::(?!(?:debug|notice|warning|error)[ :])[a-z-]+(?: [^:]*)?::/.test(line)) {
            passOn(`${line}\n`);
            return;
        }
        inSink = true;
        try {
            sink(parseActionsLogLine(line));
        }
        finally {
            inSink = false;
        }
    };
    const write = function (chunk, ...rest) {
        if (mode === 'off' || inSink)
            return passOn(chunk, ...rest);
        if (mode === 'filter') {
            const late = typeof chunk === 'string' ? LATE_FAULT.exec(chunk) : null;
            return late
                ? passOn(`go-gate: an abandoned cache call ended: ${late[1]}`, ...rest)
                : passOn(chunk, ...rest);
        }
        pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
            const line = pending.slice(0, nl).replace(/\r$/, '');
            pending = pending.slice(nl + 1);
            deliver(line);
        }
        const callback = rest.find((arg) => typeof arg === 'function');
        callback?.();
        return true;
    };
    stdout.write = write;
    const flush = () => {
        if (pending !== '')
            deliver(pending);
        pending = '';
    };
    const stop = () => {
        if (mode === 'off')
            return;
        flush();
        mode = 'off';
        if (stdout.write === write)
            stdout.write = original;
    };
    return {
        stop,
        stopAfter(done) {
            if (mode !== 'capture')
                return;
            flush();
            mode = 'filter';
            done.then(stop, stop);
        }
    };
}
/**
 * Runs one @actions/cache call with its log captured and a deadline. Past the deadline the call is
 * abandoned (it cannot be cancelled; the caller decides what that means) and timedOut is set.
 */
async function callCache(call, timeoutMs, reporter) {
    const faults = [];
    const refusals = [];
    let reserveError;
    let archiveBytes;
    let lastRetryError;
    const capture = captureActionsLog((line) => {
        if (line.level === 'warning' || line.level === 'error') {
            faults.push(line.message);
            return;
        }
        // v2's Twirp client says it at info level, v1's retry at debug level ("getCacheEntry - Attempt ...").
        const retry = /Attempt \d+ of \d+ failed with error: (.*?)(?:\. Retrying request in \d+ ms\.\.\.)?$/s.exec(line.message);
        if (retry)
            lastRetryError = retry[1].replace(/\s+/g, ' ').trim();
        const size = /^Cache Size: .*\((\d+) B\)/.exec(line.message) ?? /^File Size: (\d+)$/.exec(line.message);
        if (size)
            archiveBytes = Number(size[1]);
        if (line.level === 'debug') {
            const reserve = /^Failed to reserve cache: (?:Error: )?(.*)$/s.exec(line.message);
            if (reserve)
                reserveError = reserve[1];
            if (_actions_core__WEBPACK_IMPORTED_MODULE_1__/* .isDebug */ ._o())
                _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .debug */ .Yz(line.message);
            return;
        }
        // @actions/cache blames "another job" for any refused reservation; the caller says the real reason instead.
        if (/^Failed to save: /.test(line.message)) {
            refusals.push(line.message.replace(/^Failed to save: /, ''));
            return;
        }
        if (line.message.trim() !== '')
            reporter.info(line.message);
    });
    let timer;
    const late = Promise.resolve()
        .then(call)
        .then((value) => ({ value }), (error) => ({ error }));
    const deadline = new Promise((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    let abandoned = false;
    try {
        const outcome = await Promise.race([late, deadline]);
        if (outcome === 'timeout') {
            abandoned = true;
            return {
                timedOut: true,
                faults,
                refusals,
                reserveError,
                archiveBytes,
                lastRetryError,
                late: late.then((o) => ('value' in o ? o.value : undefined))
            };
        }
        if ('error' in outcome)
            faults.push((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(outcome.error));
        const value = 'value' in outcome ? outcome.value : undefined;
        return {
            value,
            timedOut: false,
            faults,
            refusals,
            reserveError,
            archiveBytes,
            lastRetryError,
            late: Promise.resolve(undefined)
        };
    }
    finally {
        clearTimeout(timer);
        if (abandoned) {
            capture.stopAfter(late);
            abandonedCalls.add(late);
            late.finally(() => abandonedCalls.delete(late));
        }
        else
            capture.stop();
    }
}
/** Calls given up on that have not ended yet: @actions/cache cannot cancel them. */
const abandonedCalls = new Set();
/**
 * Settles once every call abandoned so far has ended. The action never waits for them (its
 * process exits); a test does, so a retry still in flight does not outlive the test file.
 */
async function abandonedCallsEnded() {
    await Promise.allSettled([...abandonedCalls]);
}
/** How long to wait for the cache service to accept a connection before calling it. */
const PROBE_TIMEOUT_MS = 10_000;
/**
 * Opens (and closes) one TCP connection to the cache service: undefined when it accepts, else why
 * not. @actions/cache retries a refused connection (v2: 5 attempts over about 25 s, v1: 2 attempts
 * 5 s apart) and then blames "another job"; one refused connect says the real reason at once.
 */
function probeCacheService(url, timeoutMs = PROBE_TIMEOUT_MS) {
    let target;
    try {
        target = new URL(url);
    }
    catch {
        return Promise.resolve(`the cache service URL ${JSON.stringify(url)} is not a URL`);
    }
    const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    const where = `the cache service at ${target.origin}`;
    return new Promise((resolve) => {
        const socket = (0,node_net__WEBPACK_IMPORTED_MODULE_0__.connect)({ host, port });
        const done = (reason) => {
            clearTimeout(timer);
            socket.destroy();
            resolve(reason);
        };
        const timer = setTimeout(() => done(`${where} did not accept a connection within ${Math.round(timeoutMs / 1000)}s`), timeoutMs);
        socket.once('connect', () => done(undefined));
        socket.once('error', (error) => done(`${where} refused the connection (${error.code ?? (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)})`));
    });
}


/***/ }),

/***/ 33293:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  restoreGoCache: () => (/* binding */ restoreGoCache)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/@actions/cache/lib/cache.js + 35 modules
var cache = __webpack_require__(60142);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
;// CONCATENATED MODULE: ./src/cache/prune.ts
// Which build-cache entries a run did not use, so a saved cache does not grow
// without bound. The rules follow cmd/go/internal/cache (golangci-lint keeps a
// copy of it with the same layout and the same rules):
//
// - An entry is a pair of files in a two-hex-digit folder: `<action id>-a`, the
//   index entry ("v1 <action id> <output id> <size> <time>"), and `<output id>-d`,
//   the output (a folder for a cached executable).
// - Go marks an entry used by setting its mtime to now, but only when the mtime is at
//   least an hour old (markUsed, mtimeInterval): an entry saved less than an hour ago
//   and used again keeps its old mtime. So after a restore, go-gate moves every mtime
//   newer than that back by two hours (backdateTarget); from then on every use shows.
// - Before saving, an index entry whose mtime is older than the run's start was not used
//   (nor written) by the run and goes; an output goes when no kept index entry points at
//   it (Go reaches outputs only through index entries) and the run did not write it.
// - Only entries go-gate's restore brought are ever candidates: a build cache that was on
//   the machine before (a self-hosted runner, a laptop) holds other work's entries, and an
//   entry written 10-60 minutes before the run and used by it keeps its mtime (see above),
//   so its age says nothing about whether it was used.
// Deleting either half is safe: Go treats a missing or short output as a cache miss.
/** cmd/go/internal/cache mtimeInterval: a use moves the mtime only when it is older than this. */
const MTIME_INTERVAL_MS = 60 * 60 * 1000;
/** How far back restored entries are moved: past mtimeInterval, far from Go's 5-day trim. */
const BACKDATE_MS = 2 * MTIME_INTERVAL_MS;
/** Room for coarse file-system timestamps and clock steps. */
const SLACK_MS = 10 * 60 * 1000;
/** The mtime to give an entry right after a restore, or undefined when a use will already move it. */
function backdateTarget(mtimeMs, usedSinceMs) {
    return mtimeMs > usedSinceMs - MTIME_INTERVAL_MS - SLACK_MS ? usedSinceMs - BACKDATE_MS : undefined;
}
/** True when the run used or wrote the entry (its mtime moved to the run's time). */
function usedInRun(entry, usedSinceMs) {
    return entry.mtimeMs >= usedSinceMs - SLACK_MS;
}
/**
 * The entries to remove: among `restored` (the files go-gate's restore brought, as `file` names
 * them), those the run did not use. Everything else stays.
 */
function planPrune(entries, usedSinceMs, restored) {
    const keptOutputs = new Set();
    const remove = [];
    for (const entry of entries) {
        if (entry.kind !== 'action')
            continue;
        if (!restored.has(entry.file) || usedInRun(entry, usedSinceMs)) {
            if (entry.outputId)
                keptOutputs.add(entry.outputId);
        }
        else {
            remove.push(entry);
        }
    }
    for (const entry of entries) {
        if (entry.kind === 'output' &&
            restored.has(entry.file) &&
            !keptOutputs.has(entry.id) &&
            !usedInRun(entry, usedSinceMs))
            remove.push(entry);
    }
    const removeBytes = remove.reduce((sum, e) => sum + e.bytes, 0);
    const totalBytes = entries.reduce((sum, e) => sum + e.bytes, 0);
    return {
        remove,
        removeBytes,
        keepEntries: entries.length - remove.length,
        keepBytes: totalBytes - removeBytes
    };
}
/** Reads the output id from an index entry's text; undefined when it is not a v1 entry. */
function prune_parseActionEntry(text) {
    const m = /^v1 ([0-9a-f]{64}) ([0-9a-f]{64}) /.exec(text);
    return m ? { actionId: m[1], outputId: m[2] } : undefined;
}

;// CONCATENATED MODULE: ./src/cache/buildcache.ts



const SUBDIRS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const ENTRY_NAME = /^([0-9a-f]{64})-([ad])$/;
/** A v1 index entry is 175 bytes; read a little more to see it whole. */
const INDEX_BYTES = 256;
/** Folders scanned at once: enough to hide latency, few enough to stay polite. */
const PARALLEL = 16;
async function readNames(dir) {
    try {
        return await (0,promises_.readdir)(dir, { withFileTypes: true });
    }
    catch {
        return [];
    }
}
async function readHead(file) {
    const handle = await open(file, 'r');
    try {
        const buffer = Buffer.alloc(INDEX_BYTES);
        const { bytesRead } = await handle.read(buffer, 0, INDEX_BYTES, 0);
        return buffer.toString('latin1', 0, bytesRead);
    }
    finally {
        await handle.close();
    }
}
async function folderBytes(dir) {
    let total = 0;
    for (const entry of await readNames(dir)) {
        const info = await lstat(path.join(dir, entry.name)).catch(() => undefined);
        if (info?.isFile())
            total += info.size;
    }
    return total;
}
async function eachSubdir(root, fn) {
    let next = 0;
    const worker = async () => {
        while (next < SUBDIRS.length) {
            const subdir = SUBDIRS[next++];
            await fn(subdir, await readNames(external_node_path_default().join(root, subdir)));
        }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
}
/** Every entry of the cache with its mtime, size and (for index entries) the output it points at. */
async function scanBuildCache(root) {
    const entries = [];
    await eachSubdir(root, async (subdir, names) => {
        for (const dirent of names) {
            const m = ENTRY_NAME.exec(dirent.name);
            if (!m)
                continue;
            const file = path.join(root, subdir, dirent.name);
            const info = await lstat(file).catch(() => undefined);
            if (!info)
                continue;
            const rel = `${subdir}/${dirent.name}`;
            if (m[2] === 'a') {
                const parsed = info.isFile() ? parseActionEntry(await readHead(file).catch(() => '')) : undefined;
                entries.push({
                    file: rel,
                    kind: 'action',
                    id: m[1],
                    mtimeMs: info.mtimeMs,
                    bytes: info.size,
                    outputId: parsed?.outputId
                });
            }
            else if (info.isDirectory()) {
                entries.push({
                    file: rel,
                    kind: 'output',
                    id: m[1],
                    mtimeMs: info.mtimeMs,
                    bytes: await folderBytes(file),
                    isDir: true
                });
            }
            else {
                entries.push({ file: rel, kind: 'output', id: m[1], mtimeMs: info.mtimeMs, bytes: info.size });
            }
        }
    });
    return entries;
}
/**
 * Moves the mtime of entries newer than an hour before usedSinceMs back, so that a use during the
 * run shows. With `only`, just those entries (relative paths, as `listCacheNames` gives them).
 */
async function backdateBuildCache(root, usedSinceMs, only) {
    let count = 0;
    let moved = 0;
    await eachSubdir(root, async (subdir, names) => {
        for (const dirent of names) {
            if (!ENTRY_NAME.test(dirent.name))
                continue;
            if (only && !only.has(`${subdir}/${dirent.name}`))
                continue;
            count++;
            const file = external_node_path_default().join(root, subdir, dirent.name);
            const info = await (0,promises_.lstat)(file).catch(() => undefined);
            const target = info ? backdateTarget(info.mtimeMs, usedSinceMs) : undefined;
            if (target === undefined)
                continue;
            const when = new Date(target);
            await (0,promises_.utimes)(file, when, when).then(() => moved++, () => undefined // an entry we cannot touch stays as it is; at worst it is kept
            );
        }
    });
    return { entries: count, moved };
}
/** Deletes entries (as planPrune chose them); returns how many went. */
async function removeBuildCacheEntries(root, entries) {
    let removed = 0;
    for (const entry of entries) {
        await rm(path.join(root, entry.file), { recursive: entry.isDir === true, force: true }).then(() => removed++, () => undefined);
    }
    return removed;
}
/** True when the folder holds at least one cache entry. */
async function hasBuildCacheEntries(root) {
    for (const subdir of SUBDIRS) {
        if ((await readNames(path.join(root, subdir))).some((d) => ENTRY_NAME.test(d.name)))
            return true;
    }
    return false;
}
/**
 * The names in a build-cache folder, two levels deep as Go lays it out: what is at the top
 * (the 256 folders, README, trim.txt, ...) and `ab/<name>` inside each two-hex-digit folder.
 * Empty when the folder is missing.
 */
async function listCacheNames(root) {
    const names = new Set();
    for (const dirent of await readNames(root))
        names.add(dirent.name);
    await eachSubdir(root, async (subdir, inside) => {
        for (const dirent of inside)
            names.add(`${subdir}/${dirent.name}`);
    });
    return names;
}
/** Names listCacheNames finds now that are not in `before`, deepest first: what was added since. */
async function addedCacheNames(root, before) {
    const now = await listCacheNames(root);
    return [...now].filter((name) => !before.has(name)).sort((a, b) => b.length - a.length);
}
/** Removes what was added since `before` (files and whole folders); returns how many names went. */
async function removeAddedNames(root, before) {
    let removed = 0;
    for (const name of await addedCacheNames(root, before)) {
        // A folder that is new at the top takes its content with it; what it held was new too.
        const top = name.includes('/') ? name.slice(0, name.indexOf('/')) : undefined;
        if (top !== undefined && !before.has(top)) {
            removed++;
            continue;
        }
        await (0,promises_.rm)(external_node_path_default().join(root, name), { recursive: true, force: true }).then(() => removed++, () => undefined);
    }
    return removed;
}

// EXTERNAL MODULE: ./src/cache/describe.ts
var describe = __webpack_require__(69297);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/cache/key.ts
// src/cache/ owns the cache's rules: which folders are cached (paths), the key and the fallback
// keys from the go.sum files (key, sums), the state the main step hands the post step and whether
// to save (state), which build-cache entries a run left unused and how to prune them (prune,
// buildcache), emptying the module cache (modcache), and the sentences about it (describe). No
// @actions/* here: src/github/ makes the @actions/cache calls.
//
// The cache key: what must match for a cache to be the right one, and the
// fallback that lets a go.sum change start warm instead of cold.

/** Keys may not contain commas, and spaces make them hard to read in logs. */
function keyPart(value) {
    const cleaned = value.trim().replace(/[\s,]+/g, '_');
    return cleaned === '' ? 'unknown' : cleaned;
}
/** `<prefix>-<os>-<arch>-go<version>-<hash>`; the restore key is the same without the hash. */
function cacheKeys(parts) {
    const version = keyPart(parts.goVersion);
    const base = [
        keyPart(parts.prefix),
        keyPart(parts.runnerOs),
        keyPart(parts.runnerArch),
        version.startsWith('go') ? version : `go${version}`
    ].join('-');
    return { primary: `${base}-${parts.sumsHash}`, restoreKeys: [`${base}-`] };
}
/** One hash over the sum files: each one's path and content, in path order, so moving a go.sum changes it too. */
function hashSumFiles(files) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
        hash.update(`${file.path}\0${file.sha256}\n`);
    }
    return hash.digest('hex');
}
/** RUNNER_OS as the runner spells it, for runs outside GitHub Actions. */
function runnerOsOf(platform) {
    return platform === 'linux'
        ? 'Linux'
        : platform === 'darwin'
            ? 'macOS'
            : platform === 'win32'
                ? 'Windows'
                : platform;
}
/** RUNNER_ARCH as the runner spells it, for runs outside GitHub Actions. */
function runnerArchOf(arch) {
    const names = { x64: 'X64', arm64: 'ARM64', arm: 'ARM', ia32: 'X86' };
    return names[arch] ?? arch.toUpperCase();
}

;// CONCATENATED MODULE: ./src/cache/modcache.ts
// The module cache (GOMODCACHE): whether something is already in it, and how to
// empty it. Go makes module folders read-only, so a plain recursive rm fails.


async function names(dir) {
    try {
        return await (0,promises_.readdir)(dir);
    }
    catch {
        return [];
    }
}
/** True when any module was downloaded or extracted into the folder. */
async function hasModules(moduleCache) {
    if ((await names(external_node_path_default().join(moduleCache, 'cache', 'download'))).length > 0)
        return true;
    return (await names(moduleCache)).some((name) => name !== 'cache');
}
async function makeWritable(dir) {
    await (0,promises_.chmod)(dir, 0o755).catch(() => undefined);
    for (const name of await names(dir)) {
        const full = external_node_path_default().join(dir, name);
        const info = await (0,promises_.lstat)(full).catch(() => undefined);
        if (info?.isDirectory())
            await makeWritable(full);
    }
}
/** Removes everything inside dir (keeping dir itself), read-only module folders included. */
async function clearFolder(dir) {
    await makeWritable(dir);
    for (const name of await names(dir)) {
        await (0,promises_.rm)(external_node_path_default().join(dir, name), { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/cache/paths.ts
// Which folders the cache holds: the module cache, the build cache, and
// golangci-lint's own cache when the lint stage runs.

/**
 * golangci-lint's cache folder as golangci-lint finds it: GOLANGCI_LINT_CACHE, else
 * os.UserCacheDir()/golangci-lint.
 */
function golangciLintCacheDir(env, platform, home) {
    const explicit = env.GOLANGCI_LINT_CACHE;
    if (explicit)
        return explicit;
    if (platform === 'win32')
        return external_node_path_default().win32.join(env.LocalAppData ?? env.LOCALAPPDATA ?? external_node_path_default().win32.join(home, 'AppData', 'Local'), 'golangci-lint');
    if (platform === 'darwin')
        return external_node_path_default().posix.join(home, 'Library', 'Caches', 'golangci-lint');
    // os.UserCacheDir ignores a relative XDG_CACHE_HOME.
    const xdg = env.XDG_CACHE_HOME;
    return external_node_path_default().posix.join(xdg && external_node_path_default().posix.isAbsolute(xdg) ? xdg : external_node_path_default().posix.join(home, '.cache'), 'golangci-lint');
}
/** GOCACHE=off (or empty) has nothing to cache. */
function usable(dir) {
    return dir !== '' && dir !== 'off' && external_node_path_default().isAbsolute(dir);
}
function cachePaths(go, lintCache) {
    const moduleCache = usable(go.GOMODCACHE) ? go.GOMODCACHE : undefined;
    const buildCaches = [go.GOCACHE, ...(lintCache ? [lintCache] : [])].filter(usable);
    const all = [...(moduleCache ? [moduleCache] : []), ...buildCaches];
    return { all, moduleCache, buildCaches, lintCache: lintCache && usable(lintCache) ? lintCache : undefined };
}

// EXTERNAL MODULE: ./src/text/duration.ts
var duration = __webpack_require__(49495);
;// CONCATENATED MODULE: ./src/cache/restore.ts

/**
 * actions/cache's isExactKeyMatch: the matched key equals the primary key but for case
 * (`localeCompare` at 'accent' sensitivity). Cache servers may store keys lower-cased.
 */
function restore_isExactKeyMatch(primaryKey, matchedKey) {
    return (matchedKey !== undefined &&
        matchedKey.length === primaryKey.length &&
        matchedKey.localeCompare(primaryKey, undefined, { sensitivity: 'accent' }) === 0);
}
function planRestore(primaryKey, outcome) {
    switch (outcome.kind) {
        case 'not-restored':
            return {
                hit: 'false',
                matchedKey: restore_isExactKeyMatch(primaryKey, outcome.foundKey) ? outcome.foundKey : undefined,
                cleanUp: false,
                markRestored: false,
                notes: [
                    `The module cache (${outcome.moduleCache}) already had content before go-gate's restore: actions/setup-go's cache ` +
                        '(cache: true), an earlier go command, or a persistent runner. go-gate did not restore over it, because two ' +
                        'caches restoring the same read-only module files collide; set cache: false on actions/setup-go to let go-gate cache.'
                ]
            };
        case 'restored': {
            const exact = restore_isExactKeyMatch(primaryKey, outcome.matchedKey);
            return {
                hit: exact ? 'true' : 'partial',
                matchedKey: outcome.matchedKey,
                cleanUp: false,
                markRestored: true,
                notes: exact
                    ? []
                    : [
                        `Restored from the fallback key ${outcome.matchedKey}: go.sum changed since that cache was saved.`
                    ]
            };
        }
        case 'miss':
            return {
                hit: 'false',
                cleanUp: false,
                markRestored: false,
                notes: [
                    `No cache for ${primaryKey} or its fallback yet; the run starts cold and the post step saves one.`
                ]
            };
        case 'fault':
            return {
                hit: 'false',
                cleanUp: true,
                markRestored: false,
                warning: `The cache could not be restored (${outcome.reason}); the run goes on cold.`,
                notes: ['The cache service failed; the run went on without the saved cache.']
            };
        case 'timeout': {
            const last = outcome.lastError ? `; the cache service's last error: ${outcome.lastError}` : '';
            return {
                hit: 'false',
                // An abandoned call may still be writing: cleaning now could race it.
                cleanUp: false,
                markRestored: false,
                warning: `The cache restore did not finish within cache-restore-timeout (${(0,duration/* formatDuration */.a)(outcome.timeoutMs)})${last}; ` +
                    'go-gate abandoned it and the run goes on cold.',
                notes: [`The restore was abandoned after ${(0,duration/* formatDuration */.a)(outcome.timeoutMs)}; the run went on cold.`]
            };
        }
    }
}
/** The note for a cleaned-up restore: how much the failed restore had written, and that nothing older was touched. */
function describeCleanUp(removed, keptBefore) {
    if (removed === 0)
        return 'The failed restore wrote nothing into the caches.';
    const kept = keptBefore > 0 ? `; the ${keptBefore} build-cache files and folders there before it were kept` : '';
    return `The ${removed} files and folders the failed restore had written were removed${kept}.`;
}

// EXTERNAL MODULE: ./src/cache/service.ts
var cache_service = __webpack_require__(98125);
// EXTERNAL MODULE: ./src/constants.ts
var constants = __webpack_require__(27242);
;// CONCATENATED MODULE: ./src/cache/state.ts
// What the main step hands to the post step, as state strings, and the post
// step's decision whether to save. The runner passes state back as STATE_<name>.


function encodeCacheState(state) {
    const pairs = [
        [constants/* STATE */.c4.cachePrimaryKey, state.primaryKey],
        [constants/* STATE */.c4.cacheMatchedKey, state.matchedKey ?? ''],
        [constants/* STATE */.c4.cachePaths, JSON.stringify(state.paths)],
        [constants/* STATE */.c4.cacheSave, state.save],
        [constants/* STATE */.c4.buildCacheDir, state.buildCacheDir ?? ''],
        [constants/* STATE */.c4.lintCacheDir, state.lintCacheDir ?? ''],
        [constants/* STATE */.c4.buildCacheUsedSince, state.usedSinceMs === undefined ? '' : String(state.usedSinceMs)],
        [constants/* STATE */.c4.cacheRestoredEntries, state.restoredEntriesFile ?? ''],
        [constants/* STATE */.c4.cacheSaveTimeout, String(state.saveTimeoutMs)],
        [constants/* STATE */.c4.cacheSummary, String(state.summary)]
    ];
    return pairs;
}
/** Reads the state back; undefined when the main step saved none (cache off, or it stopped before the restore). */
function decodeCacheState(get) {
    const primaryKey = get(STATE.cachePrimaryKey);
    if (!primaryKey)
        return undefined;
    let paths;
    try {
        paths = JSON.parse(get(STATE.cachePaths) || '[]');
    }
    catch {
        return undefined;
    }
    if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string'))
        return undefined;
    const save = get(STATE.cacheSave);
    const usedSince = Number(get(STATE.buildCacheUsedSince));
    const timeout = Number(get(STATE.cacheSaveTimeout));
    return {
        primaryKey,
        matchedKey: get(STATE.cacheMatchedKey) || undefined,
        paths: paths,
        save: save === 'on-success' || save === 'never' ? save : 'always',
        buildCacheDir: get(STATE.buildCacheDir) || undefined,
        lintCacheDir: get(STATE.lintCacheDir) || undefined,
        usedSinceMs: get(STATE.buildCacheUsedSince) !== '' && Number.isFinite(usedSince) ? usedSince : undefined,
        restoredEntriesFile: get(STATE.cacheRestoredEntries) || undefined,
        saveTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_SAVE_TIMEOUT_MS,
        summary: get(STATE.cacheSummary) !== 'false'
    };
}
/** When the main step left no timeout: twice the default restore timeout. */
const DEFAULT_SAVE_TIMEOUT_MS = (/* unused pure expression or super */ null && (10 * 60 * 1000));
/** The post step's deadline: saving packs and uploads what a restore downloads and unpacks, so allow twice as long. */
function saveTimeoutFor(restoreTimeoutMs) {
    return 2 * restoreTimeoutMs;
}
/** Whether the post step saves, from the state and the run's result ('success' | 'failure' | '' when unknown). */
function planSave(state, result) {
    if (!state)
        return {
            save: false,
            reason: 'the main step restored no cache (cache off, no cache service, or it stopped early)'
        };
    if (state.save === 'never')
        return { save: false, reason: 'cache-save is never' };
    if (state.save === 'on-success' && result !== 'success') {
        return {
            save: false,
            reason: `the run did not succeed (${result || 'no result recorded'}) and cache-save is on-success`
        };
    }
    if (isExactKeyMatch(state.primaryKey, state.matchedKey)) {
        return {
            save: false,
            reason: `the cache service already holds this exact key (${state.primaryKey}), found by the restore; a key is never overwritten`
        };
    }
    return { save: true };
}
function parseRestoredEntries(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        return undefined;
    for (const list of Object.values(value)) {
        if (!Array.isArray(list) || !list.every((name) => typeof name === 'string'))
            return undefined;
    }
    return value;
}

// EXTERNAL MODULE: ./src/text/paths.ts
var paths = __webpack_require__(58559);
;// CONCATENATED MODULE: ./src/cache/sums.ts
// Finds the files that pin the module graph: every go.sum and go.work.sum in
// the workspace. Their content is what the cache key hashes.




const SUM_FILES = new Set(['go.sum', 'go.work.sum']);
/** Folders that never hold a module of the build: the go command skips testdata, _ and . folders too. */
function skipped(name) {
    return (name === 'node_modules' ||
        name === 'vendor' ||
        name === 'testdata' ||
        name.startsWith('.') ||
        name.startsWith('_'));
}
/** Lists go.sum and go.work.sum files under root (relative, forward slashes) with their sha256. */
async function readSumFiles(root) {
    const found = [];
    const pending = [root];
    while (pending.length > 0) {
        const dir = pending.pop();
        let entries;
        try {
            entries = await (0,promises_.readdir)(dir, { withFileTypes: true });
        }
        catch {
            continue; // unreadable folders hold nothing we can hash
        }
        for (const entry of entries) {
            const full = external_node_path_default().join(dir, entry.name);
            if (entry.isDirectory()) {
                if (!skipped(entry.name))
                    pending.push(full);
            }
            else if (entry.isFile() && SUM_FILES.has(entry.name)) {
                const sha256 = (0,external_node_crypto_.createHash)('sha256')
                    .update(await (0,promises_.readFile)(full))
                    .digest('hex');
                found.push({ path: (0,paths/* toSlash */.n$)(external_node_path_default().relative(root, full)), sha256 });
            }
        }
    }
    return found;
}

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/github/cache-call.ts
var cache_call = __webpack_require__(8046);
;// CONCATENATED MODULE: ./src/github/cache.ts
// The main step's restore (the post step's save is in post.ts). Every fault of
// the cache service ends here as one warning and a cold run; nothing in this
// file throws to its caller.
















async function planGoCache(options, go, env) {
    const lintCache = options.stages.includes('lint')
        ? golangciLintCacheDir(env, process.platform, external_node_os_default().homedir())
        : undefined;
    const paths = cachePaths(go, lintCache);
    const sums = await readSumFiles(options.workspace);
    const keys = cacheKeys({
        prefix: options.cache.keyPrefix,
        runnerOs: env.RUNNER_OS || runnerOsOf(process.platform),
        runnerArch: env.RUNNER_ARCH || runnerArchOf(process.arch),
        goVersion: go.GOVERSION,
        sumsHash: hashSumFiles(sums)
    });
    return { keys, paths };
}
async function lookBeforeRestore(paths) {
    const buildCacheNames = new Map();
    for (const dir of paths.buildCaches)
        buildCacheNames.set(dir, await listCacheNames(dir));
    return {
        moduleCacheFilled: paths.moduleCache !== undefined && (await hasModules(paths.moduleCache)),
        buildCacheNames
    };
}
/** Calls the cache service (a lookup only when the module cache is already filled) and says how it ended. */
async function callRestore(keys, paths, before, serviceUrl, timeoutMs, reporter) {
    const refused = await (0,cache_call/* probeCacheService */.ym)(serviceUrl, Math.min(timeoutMs, 10_000));
    if (refused)
        return { kind: 'fault', reason: refused };
    if (before.moduleCacheFilled && paths.moduleCache) {
        // Restoring over a filled module cache collides (tar cannot replace Go's read-only module
        // files: "Cannot open: File exists"), and its content is not ours. Look the key up only, so
        // the post step does not save a key the service already holds.
        const lookup = await (0,cache_call/* callCache */.ZK)(() => cache/* restoreCache */.P3([...paths.all], keys.primary, [], { lookupOnly: true }), timeoutMs, reporter);
        return { kind: 'not-restored', moduleCache: paths.moduleCache, foundKey: lookup.value };
    }
    const restore = await (0,cache_call/* callCache */.ZK)(() => cache/* restoreCache */.P3([...paths.all], keys.primary, keys.restoreKeys, { segmentTimeoutInMs: timeoutMs }), timeoutMs, reporter);
    if (restore.timedOut) {
        restore.late.then((lateKey) => {
            if (lateKey)
                reporter.warning(`The abandoned cache restore of ${lateKey} finished late, while the run was going on.`);
        });
        return { kind: 'timeout', timeoutMs, lastError: restore.lastRetryError };
    }
    if (restore.value)
        return { kind: 'restored', matchedKey: restore.value, archiveBytes: restore.archiveBytes };
    if (restore.faults.length > 0)
        return { kind: 'fault', reason: (0,describe/* summarizeFaults */.tV)(restore.faults) };
    return { kind: 'miss' };
}
/** Removes what a failed restore wrote: the module cache (empty before) and the build-cache names that are new. */
async function cleanUpFailedRestore(paths, before) {
    let removed = 0;
    let keptBefore = 0;
    if (paths.moduleCache && !before.moduleCacheFilled && (await hasModules(paths.moduleCache))) {
        await clearFolder(paths.moduleCache);
        removed++;
    }
    for (const [dir, names] of before.buildCacheNames) {
        removed += await removeAddedNames(dir, names);
        keptBefore += names.size;
    }
    return describeCleanUp(removed, keptBefore);
}
/**
 * Backdates the build-cache entries the restore brought (so the run's use of them shows) and
 * writes their list for the post step, which prunes only among them. Entries that were on the
 * machine before are neither moved nor ever pruned.
 */
async function markRestoredEntries(before, usedSinceMs, env) {
    const restored = {};
    for (const [dir, names] of before.buildCacheNames) {
        const added = (await addedCacheNames(dir, names)).filter((name) => name.includes('/'));
        restored[dir] = added;
        await backdateBuildCache(dir, usedSinceMs, new Set(added));
    }
    const base = env.RUNNER_TEMP || external_node_os_default().tmpdir();
    await (0,promises_.mkdir)(base, { recursive: true });
    const file = external_node_path_default().join(await (0,promises_.mkdtemp)(external_node_path_default().join(base, 'go-gate-cache-')), 'restored-entries.json');
    await (0,promises_.writeFile)(file, JSON.stringify(restored));
    return file;
}
function saveCacheState(state) {
    for (const [name, value] of encodeCacheState(state))
        core/* saveState */.LZ(name, value);
}
/**
 * Restores the module and build caches before the stages run. Never throws: a fault of the cache
 * service, a hang past cache-restore-timeout or a corrupt archive gives a warning and a cold run,
 * and what a failed restore wrote is removed (what was there before it never is).
 * Leaves in state what the post step needs to save.
 */
async function restoreGoCache(options, go, reporter) {
    const started = Date.now();
    if (!options.cache.enabled)
        return { hit: 'false', notes: ['The cache is off (cache: false).'] };
    try {
        const service = (0,cache_service/* cacheServiceOf */.p)(process.env);
        if (!service.available || !cache/* isFeatureAvailable */.w3()) {
            const reason = service.available ? 'the cache client finds no cache service' : service.reason;
            return {
                hit: 'false',
                notes: [`No cache service is available: ${reason}. The run goes on without a cache.`]
            };
        }
        const { keys, paths } = await planGoCache(options, go, process.env);
        if (paths.all.length === 0) {
            return {
                hit: 'false',
                notes: ['GOMODCACHE and GOCACHE are both unset or off; there is nothing to cache.']
            };
        }
        const timeoutMs = options.cache.restoreTimeoutMs;
        const state = {
            primaryKey: keys.primary,
            paths: paths.all,
            save: options.cache.save,
            buildCacheDir: paths.buildCaches.find((dir) => dir !== paths.lintCache),
            lintCacheDir: paths.lintCache,
            saveTimeoutMs: saveTimeoutFor(timeoutMs),
            summary: options.summary
        };
        reporter.info(`Cache key ${keys.primary}; fallback ${keys.restoreKeys.join(', ')}; paths ${paths.all.join(', ')} (cache service ${service.version}).`);
        const before = await lookBeforeRestore(paths);
        const outcome = await callRestore(keys, paths, before, service.url, timeoutMs, reporter);
        const plan = planRestore(keys.primary, outcome);
        if (plan.warning)
            reporter.warning(plan.warning);
        const notes = [...plan.notes];
        if (plan.cleanUp)
            notes.push(await cleanUpFailedRestore(paths, before));
        state.matchedKey = plan.matchedKey;
        if (plan.markRestored) {
            // From here on the run's go commands mark what they use (see src/cache/prune.ts).
            const usedSinceMs = Date.now();
            try {
                state.restoredEntriesFile = await markRestoredEntries(before, usedSinceMs, process.env);
                state.usedSinceMs = usedSinceMs;
            }
            catch (error) {
                // Without backdated mtimes a use may not show: keep everything rather than prune blind.
                notes.push(`The build cache will not be pruned before saving (${(0,errors/* errorMessage */.gJ)(error)}).`);
            }
        }
        saveCacheState(state);
        return {
            hit: plan.hit,
            key: keys.primary,
            matchedKey: plan.hit !== 'false' ? plan.matchedKey : undefined,
            restoreMs: Date.now() - started,
            restoredBytes: outcome.kind === 'restored' ? outcome.archiveBytes : undefined,
            notes
        };
    }
    catch (error) {
        reporter.warning(`The cache could not be restored (${(0,errors/* errorMessage */.gJ)(error)}); the run goes on cold.`);
        return {
            hit: 'false',
            restoreMs: Date.now() - started,
            notes: ['The cache restore failed; the run went on cold.']
        };
    }
}


/***/ })

};
