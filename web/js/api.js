// api.js - the one way pages talk to the server (docs/api.md): JSON in and out, the session
// cookie sent by the browser, the CSRF token on every state-changing request, and errors turned
// into ApiError {status, code, message, fields}. A 401 sends the user to the login page and
// brings them back afterwards.

let csrfToken = null;

export class ApiError extends Error {
    constructor(status, code, message, fields)
    {
        super(message || code || String(status));
        this.status = status;
        this.code = code || '';
        this.fields = fields || {};
    }
}

export function setCsrf(token)
{
    csrfToken = token || null;
}

export function loginUrl(reason)
{
    const here = window.location.pathname + window.location.search;
    const q = new URLSearchParams();
    if (!/login\.html$/.test(window.location.pathname)) q.set('next', here);
    if (reason) q.set('reason', reason);
    const qs = q.toString();
    return 'login.html' + (qs ? '?' + qs : '');
}

// Builds "/api/PATH?k=v" from a params object, leaving out empty values.
export function apiPath(path, params)
{
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
        if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    }
    const qs = q.toString();
    return '/api/' + path.replace(/^\/+/, '') + (qs ? '?' + qs : '');
}

// Sends one request. method: GET, POST, PUT, DELETE; body: an object sent as JSON.
// Resolves to the decoded JSON (null for 204); rejects with ApiError. A 503 busy (the database
// was held by another writer; nothing was written) is sent again, twice at most, after the
// server's Retry-After (at most 3 s), before the user is told.
export async function request(method, path, body, opts)
{
    for (let attempt = 0; ; attempt++) {
        try {
            return await requestOnce(method, path, body, opts);
        } catch (e) {
            if (!(e instanceof ApiError) || e.status !== 503 || attempt >= 2) throw e;
            const wait = Math.min(3, Math.max(1, e.retryAfter || 1));
            await new Promise((r) => setTimeout(r, wait * 1000));
        }
    }
}

async function requestOnce(method, path, body, opts)
{
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    let resp;
    try {
        resp = await fetch(path.startsWith('/') ? path : apiPath(path), {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
            credentials: 'same-origin',
            cache: 'no-store',
        });
    } catch (e) {
        throw new ApiError(0, 'network', '');
    }
    if (resp.status === 204) return null;
    let data = null;
    const type = resp.headers.get('Content-Type') || '';
    if (type.includes('application/json')) {
        try {
            data = await resp.json();
        } catch (e) {
            data = null;
        }
    }
    if (resp.ok) return data;
    const err = new ApiError(resp.status, data && data.error, data && data.message,
        data && (data.fields || (data.field ? { [data.field]: data.message } : null)));
    err.retryAfter = Number(resp.headers.get('Retry-After')) || 0;
    if (resp.status === 401 && !(opts && opts.noRedirect)) {
        window.location.assign(loginUrl('expired'));
    }
    throw err;
}

// Sends a file as it is (a spreadsheet to import): POST /api/PATH?params with the file as the
// body. Resolves to the decoded JSON; rejects with ApiError as request() does.
export async function upload(path, file, params)
{
    const headers = { Accept: 'application/json',
        'Content-Type': file.type || 'application/octet-stream' };
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
    let resp;
    try {
        resp = await fetch(apiPath(path, params), { method: 'POST', headers, body: file,
            credentials: 'same-origin', cache: 'no-store' });
    } catch (e) {
        throw new ApiError(0, 'network', '');
    }
    let data = null;
    try {
        data = await resp.json();
    } catch (e) {
        data = null;
    }
    if (resp.ok) return data;
    if (resp.status === 401) window.location.assign(loginUrl('expired'));
    throw new ApiError(resp.status, data && data.error, data && data.message,
        data && (data.fields || (data.field ? { [data.field]: data.message } : null)));
}

export const get = (path, params, opts) => request('GET', apiPath(path, params), undefined, opts);
export const post = (path, body, opts) => request('POST', apiPath(path), body || {}, opts);
export const put = (path, body, opts) => request('PUT', apiPath(path), body || {}, opts);

// Waits for a background job (a fair plan, a forecast, an import) to finish: GET /api/jobs/{id} every
// second at first, then every two; resolves to the job when done, rejects with ApiError when it
// failed (the job's own error) or could not be read.
export async function waitJob(id, onTick)
{
    for (let i = 0; ; i++) {
        const job = await get('jobs/' + encodeURIComponent(id));
        if (onTick) onTick(job);
        if (job.status === 'done') return job;
        if (job.status === 'failed') {
            const e = job.error || {};
            const err = new ApiError(500, e.error || 'internal', e.message);
            err.job = job; // an import's problems are in its result
            throw err;
        }
        await new Promise((r) => setTimeout(r, i < 10 ? 1000 : 2000));
    }
}
