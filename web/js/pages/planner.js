// planner.js - the planner's page: run the quarterly forecast (and the labour balance) as a
// background job, then open the leaders' report; earlier runs stay listed with their reports.
// Planners see no personal data: nothing here names a person.

import { t, lang, fmtNumber, fmtDateTime } from '../i18n.js';
import { post, get, put, waitJob, ApiError } from '../api.js';
import { el, clear, say, sayError, dataTable, field, showFieldErrors, clearFieldErrors,
    confirmDialog } from '../ui.js';
import { startPage, today } from '../shell.js';

await startPage('planner');

const horizon = document.getElementById('horizon');
for (let h = 1; h <= 12; h++) {
    horizon.append(el('option', { value: h, selected: h === 4 }, t('planner.quarters', { n: h })));
}
const run = document.getElementById('run');
const reportHref = (r) => '/api/reports/' + encodeURIComponent(r) + '.html?lang=' + lang();
// the same report's tables as a workbook (every series, quarter and band), for Excel
const workbookHref = (r) => '/api/reports/' + encodeURIComponent(r) + '.xlsx?lang=' + lang();
const workbookLink = (r, id) => el('a', { href: workbookHref(r), download: '', id }, t('planner.workbook'));

// A balance run's figures are in the report of the forecast run before it: the newest balance
// made before the next forecast run (as the server pairs them, vl_db_balance_for_run). Marks
// each such balance run of a page (newest first) with that forecast run's number.
function inReport(items)
{
    let forecast = null, balance = null;
    for (const r of [...items].reverse()) {
        if (r.status !== 'ok') continue;
        if (r.kind === 'forecast') {
            if (forecast && balance) balance.in_report = forecast;
            forecast = r.run;
            balance = null;
        } else if (r.kind === 'balance') {
            balance = r;
        }
    }
    if (forecast && balance) balance.in_report = forecast;
}

const runs = dataTable({
    caption: t('planner.runs'),
    columns: [
        { key: 'run', label: t('run.id'), num: true },
        { key: 'kind', label: t('run.kind'), render: (r) => t('run.kind.' + r.kind) },
        { key: 'started', label: t('run.started'), render: (r) => fmtDateTime(r.started) },
        { key: 'status', label: t('run.status'), render: (r) => t('run.status.' + r.status) },
        { key: 'report', label: t('planner.report'), render: (r) => (r.kind === 'forecast' &&
            r.status === 'ok' ? el('span', { class: 'links' },
                el('a', { href: reportHref(r.run), target: '_blank', rel: 'noopener' },
                    t('planner.report')), ' · ', workbookLink(r.run))
            : r.in_report ? el('a', { href: reportHref(r.in_report), target: '_blank', rel: 'noopener' },
                t('planner.report.of', { run: r.in_report })) : '') },
    ],
    load: (p) => get('forecast-runs', { page: p.page, size: p.size }).then((r) => {
        inReport(r.items || []);
        return r;
    }),
    size: 10,
    empty: t('planner.no_runs'),
});
document.getElementById('runs').append(runs.node);

document.getElementById('run-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    run.disabled = true;
    const link = clear(document.getElementById('report-link'));
    say(t('planner.running'), 'info');
    try {
        const { job } = await post('forecast-runs', { horizon: Number(horizon.value) });
        const done = await waitJob(job);
        const res = done.result || {};
        // a judgement the run could not apply (an area since merged, quarters not forecast)
        // is named with why, so that the planner withdraws or corrects it below
        const left = (res.not_applied || []).map((x) => t('planner.not_applied.' + x.reason, {
            what: t('judge.kind.' + (x.kind === 'scenario' ? 'scenario' : 'adjustment') + '.one'),
            id: fmtNumber(x.id), forecast: t('planner.side.' + x.forecast) }));
        // and what the run found doubtful in the history (a quarter missing inside a series)
        const warned = [...left, ...(res.warnings || [])];
        say([t('planner.done', { run: fmtNumber(res.run ?? done.run) }), ...warned].join(' '),
            warned.length ? 'warn' : 'ok');
        const a = el('a', { class: 'btn secondary', id: 'open-report', target: '_blank', rel: 'noopener',
            href: (res.report || reportHref(res.run ?? done.run)).replace(/\?.*$/, '') + '?lang=' + lang() },
        t('planner.report'));
        link.append(a, ' ', workbookLink(res.run ?? done.run, 'open-workbook'));
        a.focus();
        await runs.reload();
        if (left.length) await judgeTable.reload(); // the ones named, to withdraw
    } catch (e) {
        sayError(e);
    }
    run.disabled = false;
});

// ---- the centre's activity report (December: the year's) ----------------------------------------
// The periods offered: this year so far, its halves and quarters begun, and last year whole.
const period = document.getElementById('period');
{
    const now = today();
    const y = Number(now.slice(0, 4));
    const q = Math.floor((Number(now.slice(5, 7)) - 1) / 3) + 1;
    const opts = [[String(y), t('activity.year_so_far', { y })]];
    for (let i = q; i >= 1; i--) opts.push([y + 'Q' + i, t('activity.quarter', { q: i, y })]);
    if (q >= 3) opts.push([y + 'H2', t('activity.half2', { y })]);
    opts.push([y + 'H1', t('activity.half1', { y })]);
    opts.push([String(y - 1), t('activity.year', { y: y - 1 })]);
    for (const [v, label] of opts) period.append(el('option', { value: v }, label));
}
const activityRun = document.getElementById('activity-run');
document.getElementById('activity-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    activityRun.disabled = true;
    const links = clear(document.getElementById('activity-links'));
    say(t('activity.running'), 'info');
    try {
        const { job } = await post('activity-reports', { period: period.value });
        const res = (await waitJob(job)).result || {};
        say(t('activity.done', { period: period.selectedOptions[0].textContent }), 'ok');
        const a = el('a', { class: 'btn secondary', id: 'open-activity', target: '_blank',
            rel: 'noopener', href: res.report }, t('activity.open'));
        links.append(a, ' ', el('a', { href: res.workbook, download: '', id: 'activity-workbook' },
            t('planner.workbook')));
        a.focus();
    } catch (e) {
        sayError(e);
    }
    activityRun.disabled = false;
});

// ---- the year's targets, shown beside the activity report's figures -------------------------------
const MEASURES = ['registered', 'counselled', 'referred', 'referrals', 'placed', 'placed_abroad',
    'vacancies', 'positions', 'filled', 'fairs'];
const targetsForm = document.getElementById('targets-form');
const targetsSummary = document.getElementById('targets-summary');
const targetsYear = document.getElementById('targets-year');
const targetInputs = {};
{
    const y = Number(today().slice(0, 4));
    for (const v of [y - 1, y, y + 1]) {
        targetsYear.append(el('option', { value: v, selected: v === y }, String(v)));
    }
    const box = document.getElementById('targets-fields');
    for (const m of MEASURES) {
        targetInputs[m] = el('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off' });
        box.append(field(m, 'targets.m.' + m, targetInputs[m]));
    }
}
// Whole numbers typed the Vietnamese way (5.000) or plainly; '' for none.
function parseCount(text)
{
    const s = text.trim().replace(/[.\s]/g, '');
    if (!s) return null;
    return /^\d{1,10}$/.test(s) ? Number(s) : NaN;
}
async function loadTargets()
{
    clearFieldErrors(targetsForm, targetsSummary);
    try {
        const r = await get('targets/' + targetsYear.value);
        for (const m of MEASURES) {
            const v = r.targets[m];
            targetInputs[m].value = v === null || v === undefined ? '' : fmtNumber(v);
            targetInputs[m].disabled = r.editable === false;
        }
        // a province's server sets its province's targets; one of several shows their sum,
        // each province setting its own on its own server
        const whose = document.getElementById('targets-whose');
        const names = (r.provinces || []).map((p) => p.name).join(', ');
        whose.hidden = !names;
        whose.textContent = !names ? '' : t(r.editable === false ? 'targets.several' : 'targets.whose',
            { names });
        document.getElementById('targets-save').disabled = r.editable === false;
    } catch (e) {
        sayError(e);
    }
}
targetsYear.addEventListener('change', loadTargets);
targetsForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(targetsForm, targetsSummary);
    const body = {};
    const errs = {};
    for (const m of MEASURES) {
        const v = parseCount(targetInputs[m].value);
        if (Number.isNaN(v)) errs[m] = t('targets.bad');
        else body[m] = v;
    }
    if (Object.keys(errs).length) {
        showFieldErrors(targetsForm, errs, targetsSummary);
        return;
    }
    try {
        await put('targets/' + targetsYear.value, body);
        say(t('targets.saved', { year: targetsYear.value }), 'ok');
        await loadTargets();
    } catch (e) {
        if (e instanceof ApiError && e.fields && Object.keys(e.fields).length) {
            showFieldErrors(targetsForm, e.fields, targetsSummary);
        } else sayError(e);
    }
});
await loadTargets();

// ---- the planner's judgement: adjustments and scenarios the next run applies ----------------------
const judgeForm = document.getElementById('judge-form');
const judgeSummary = document.getElementById('judge-summary');
let hist = { keys: [], quarters: [] };
try {
    hist = await get('history-keys');
} catch (e) {
    sayError(e);
}
const jKind = el('select', {}, ['hold', 'percent', 'scenario'].map((k) =>
    el('option', { value: k }, t('judge.kind.' + k))));
const jSeries = el('select', {}, el('option', { value: '' }, t('judge.series.any')));
const jKeys = {};
const jFrom = el('select', {}, (hist.quarters || []).map((q) => el('option', { value: q }, fmtQuarter(q))));
const jTo = el('select', {}, (hist.quarters || []).map((q) => el('option', { value: q }, fmtQuarter(q))));
const jValue = el('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off' });
const jName = el('input', { type: 'text', autocomplete: 'off', maxlength: 200 });
const jReason = el('input', { type: 'text', autocomplete: 'off', maxlength: 500 });
const jFields = document.getElementById('judge-fields');
jFields.append(field('kind', 'judge.kind', jKind));
for (const k of hist.keys || []) {
    if (k.name === 'measure') { // the history's series: demand or supply
        for (const v of k.values) jSeries.append(el('option', { value: v.code }, t('judge.series.' + v.code)));
        continue;
    }
    jKeys[k.name] = el('select', {}, el('option', { value: '' }, t('judge.key.all')),
        k.values.map((v) => el('option', { value: v.code }, v.label ? v.code + ' – ' + v.label : v.code)));
    jFields.append(field('key-' + k.name, 'judge.key.' + k.name, jKeys[k.name]));
}
if (jSeries.options.length > 1) jFields.append(field('series', 'judge.series', jSeries));
const fromField = field('from', 'judge.from', jFrom);
const toField = field('to', 'judge.to', jTo);
const valueField = field('value', 'judge.value.hold', jValue, { required: true });
const nameField = field('name', 'judge.name', jName, { required: true });
jFields.append(fromField, toField, valueField, nameField,
    field('reason', 'judge.reason', jReason, { required: true, wide: true, hint: 'judge.reason.hint' }));
function kindChanged()
{
    const k = jKind.value;
    toField.hidden = k === 'scenario';
    nameField.hidden = k !== 'scenario';
    valueField.querySelector('label').firstChild.textContent = t('judge.value.' + k);
}
jKind.addEventListener('change', kindChanged);
kindChanged();

function fmtQuarter(q)
{
    const m = /^(\d{4})Q([1-4])$/.exec(q || '');
    return m ? t('activity.quarter', { q: m[2], y: m[1] }) : (q || '');
}
function describeKeys(j)
{
    const parts = Object.keys(j.keys).sort().map((k) => (j.labels[k] ? j.keys[k] + ' ' + j.labels[k] : j.keys[k]));
    return parts.length ? parts.join(' × ') : t('judge.total');
}
function describeValue(j)
{
    if (j.kind === 'percent') return (j.value > 0 ? '+' : '') + fmtNumber(j.value) + '%';
    if (j.kind === 'scenario') return '+' + fmtNumber(j.value) + ' ' + t('judge.per_quarter');
    return fmtNumber(j.value);
}
const judgeAll = document.getElementById('judge-all');
const judgeTable = dataTable({
    caption: t('judge.title'),
    columns: [
        { key: 'kind', label: t('judge.kind'), render: (j) => (j.kind === 'scenario' ? j.name : t('judge.kind.' + j.kind)) },
        { key: 'keys', label: t('judge.where'), render: describeKeys },
        { key: 'from', label: t('judge.quarters'), render: (j) => (j.kind === 'scenario'
            ? t('judge.from_on', { q: fmtQuarter(j.from) }) : fmtQuarter(j.from) + (j.to !== j.from ? ' – ' + fmtQuarter(j.to) : '')) },
        { key: 'value', label: t('judge.value'), num: true, render: describeValue },
        { key: 'reason', label: t('judge.reason') },
        { key: 'created_by', label: t('judge.by'), render: (j) => j.created_by + ', ' + fmtDateTime(j.created_at) },
        { key: 'act', label: t('common.actions'), render: (j) => {
            // a withdrawn one (listed on asking): who withdrew it and when, in its place
            if (j.withdrawn_at) {
                return el('span', { class: 'sub-line' }, t('judge.withdrawn_by',
                    { who: j.withdrawn_by || '', at: fmtDateTime(j.withdrawn_at) }));
            }
            const b = el('button', { type: 'button', class: 'btn small secondary' }, t('judge.withdraw'));
            b.addEventListener('click', async () => {
                if (!(await confirmDialog(t('judge.withdraw.confirm'), t('judge.withdraw.explain'), t('judge.withdraw')))) return;
                try {
                    await post('judgements/' + (j.kind === 'scenario' ? 'scenario' : 'adjustment') + '/' + j.id + '/withdraw', {});
                    say(t('judge.withdrawn'), 'ok');
                    await judgeTable.reload();
                } catch (e) {
                    sayError(e);
                }
            });
            return b;
        } },
    ],
    load: async () => {
        const r = await get('judgements', judgeAll.checked ? { all: 'true' } : undefined);
        // a province's server records its province's; one of several applies each province's
        // and leaves recording them to each province's own server
        const whose = document.getElementById('judge-whose');
        const names = (r.provinces || []).map((p) => p.name).join(', ');
        whose.hidden = !names;
        whose.textContent = !names ? '' : t(r.editable === false ? 'judge.several' : 'judge.whose',
            { names });
        for (const el of judgeForm.querySelectorAll('input, select, textarea, button'))
            el.disabled = r.editable === false;
        return { items: r.items, total: r.items.length, page: 1, size: r.items.length || 1 };
    },
    empty: t('judge.none'),
});
document.getElementById('judgements').append(judgeTable.node);
judgeAll.addEventListener('change', () => judgeTable.reload());

// "1.500", "-10", "12,5": numbers typed the Vietnamese way
function parseNumber(text)
{
    const s = text.trim().replace(/\s/g, '');
    if (!/^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$/.test(s)) return NaN;
    return Number(s.replace(/\./g, '').replace(',', '.'));
}
judgeForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(judgeForm, judgeSummary);
    const kind = jKind.value;
    const value = parseNumber(jValue.value);
    const errs = {};
    if (Number.isNaN(value)) errs.value = t('judge.value.bad');
    if (kind === 'scenario' && !jName.value.trim()) errs.name = t('judge.name.missing');
    if (!jReason.value.trim()) errs.reason = t('judge.reason.missing');
    if (Object.keys(errs).length) {
        showFieldErrors(judgeForm, errs, judgeSummary);
        return;
    }
    const keys = {};
    for (const [k, sel] of Object.entries(jKeys)) if (sel.value) keys[k] = sel.value;
    const body = { kind, keys, from: jFrom.value, value, reason: jReason.value.trim() };
    if (jSeries.value) body.series = jSeries.value;
    if (kind !== 'scenario') body.to = jTo.value;
    else body.name = jName.value.trim();
    try {
        await post('judgements', body);
        say(t('judge.saved'), 'ok');
        jValue.value = '';
        jName.value = '';
        jReason.value = '';
        await judgeTable.reload();
    } catch (e) {
        if (e instanceof ApiError && e.fields && Object.keys(e.fields).length) {
            showFieldErrors(judgeForm, e.fields, judgeSummary);
        } else sayError(e);
    }
});
await judgeTable.reload();

await runs.reload();
horizon.focus();
document.body.classList.add('loaded'); // every section drawn (the browser test waits for it)
