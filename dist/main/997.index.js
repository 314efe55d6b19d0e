export const id = 997;
export const ids = [997];
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

/***/ 67997:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   restoreRecord: () => (/* binding */ restoreRecord),
/* harmony export */   saveRecord: () => (/* binding */ saveRecord)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _actions_cache__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(60142);
/* harmony import */ var _cache_describe_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(69297);
/* harmony import */ var _cache_service_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(98125);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(83916);
/* harmony import */ var _cache_call_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8046);
// Small records kept in the cache service beside the Go caches: the coverage baseline of the
// default branch, the package timings sharding balances on. One record is one JSON text under one
// key; a save is keyed per commit (cache keys are immutable) and a restore takes the newest by
// prefix. Nothing here throws: an absent or failing cache service gives a note and no record.








/** A record is small: a call still running after this is given up on. */
const RECORD_TIMEOUT_MS = 60_000;
/**
 * The path a record is cached under. The cache service versions an entry by the path as written,
 * so it is the same string on every runner (`~` is the runner's home, expanded by the client).
 */
function recordPath(name) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
        throw new Error(`record name ${JSON.stringify(name)} is not a word`);
    const relative = `.cache/go-gate/records/${name}.json`;
    return { written: node_path__WEBPACK_IMPORTED_MODULE_2___default().join(node_os__WEBPACK_IMPORTED_MODULE_1___default().homedir(), relative), cached: `~/${relative}` };
}
/** Undefined when the cache service can be called, else why not. */
async function unavailable() {
    const service = (0,_cache_service_js__WEBPACK_IMPORTED_MODULE_6__/* .cacheServiceOf */ .p)(process.env);
    if (!service.available)
        return `no cache service is available (${service.reason})`;
    if (!_actions_cache__WEBPACK_IMPORTED_MODULE_3__/* .isFeatureAvailable */ .w3())
        return 'the cache client finds no cache service';
    return (0,_cache_call_js__WEBPACK_IMPORTED_MODULE_5__/* .probeCacheService */ .ym)(service.url, 10_000);
}
/** Saves `content` under `key` (a key the service already holds is refused: make keys unique per commit). */
async function saveRecord(name, key, content, reporter) {
    try {
        const why = await unavailable();
        if (why)
            return { saved: false, note: `The ${name} record was not saved: ${why}.` };
        const { written, cached } = recordPath(name);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(written), { recursive: true });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(written, content);
        try {
            const call = await (0,_cache_call_js__WEBPACK_IMPORTED_MODULE_5__/* .callCache */ .ZK)(() => _actions_cache__WEBPACK_IMPORTED_MODULE_3__/* .saveCache */ .Io([cached], key), RECORD_TIMEOUT_MS, reporter);
            if (call.timedOut)
                return {
                    saved: false,
                    note: `The ${name} record was not saved: the cache service did not answer in time.`
                };
            if (call.value !== undefined && call.value !== -1)
                return { saved: true };
            const reason = call.reserveError ?? (call.faults.length > 0 ? (0,_cache_describe_js__WEBPACK_IMPORTED_MODULE_7__/* .summarizeFaults */ .tV)(call.faults) : call.refusals[0]);
            return { saved: false, note: `The ${name} record was not saved${reason ? `: ${reason}` : ''}.` };
        }
        finally {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(written, { force: true });
        }
    }
    catch (error) {
        return { saved: false, note: `The ${name} record was not saved: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error)}.` };
    }
}
/** Restores the record under `keys[0]`, else the newest whose key starts with one of `keys` (in that order). */
async function restoreRecord(name, keys, reporter) {
    const failed = (why, lead = `No ${name} record`) => ({
        note: `${lead}: ${why}.`,
        why
    });
    try {
        const why = await unavailable();
        if (why)
            return failed(why, `No ${name} record could be looked up`);
        const { written, cached } = recordPath(name);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(written, { force: true });
        // Every key is also a prefix, the first one included: `go-gate-timings-v1-<scope>-` finds the newest.
        const call = await (0,_cache_call_js__WEBPACK_IMPORTED_MODULE_5__/* .callCache */ .ZK)(() => _actions_cache__WEBPACK_IMPORTED_MODULE_3__/* .restoreCache */ .P3([cached], keys[0], keys), RECORD_TIMEOUT_MS, reporter);
        if (call.timedOut)
            return failed('the cache service did not answer in time');
        if (!call.value) {
            return call.faults.length > 0
                ? failed(`the cache service failed (${(0,_cache_describe_js__WEBPACK_IMPORTED_MODULE_7__/* .summarizeFaults */ .tV)(call.faults)})`)
                : { note: `No ${name} record was found in the cache.` };
        }
        try {
            return { content: await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(written, 'utf8'), matchedKey: call.value };
        }
        finally {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(written, { force: true });
        }
    }
    catch (error) {
        return failed((0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error));
    }
}


/***/ })

};
