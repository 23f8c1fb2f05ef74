// planner.js - the planner's page: run the quarterly forecast (and the labour balance) as a
// background job, then open the leaders' report; earlier runs stay listed with their reports.
// Planners see no personal data: nothing here names a person.

import { t, lang, fmtNumber, fmtDateTime } from '../i18n.js';
import { post, get, put, waitJob, ApiError } from '../api.js';
import { el, clear, say, sayError, dataTable, field, showFieldErrors, clearFieldErrors } from '../ui.js';
import { startPage, currentMeta } from '../shell.js';

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
                    t('planner.report')), ' · ', workbookLink(r.run)) : '') },
    ],
    load: (p) => get('forecast-runs', { page: p.page, size: p.size }),
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
        say(t('planner.done', { run: fmtNumber(res.run ?? done.run) }), 'ok');
        const a = el('a', { class: 'btn secondary', id: 'open-report', target: '_blank', rel: 'noopener',
            href: (res.report || reportHref(res.run ?? done.run)).replace(/\?.*$/, '') + '?lang=' + lang() },
        t('planner.report'));
        link.append(a, ' ', workbookLink(res.run ?? done.run, 'open-workbook'));
        a.focus();
        await runs.reload();
    } catch (e) {
        sayError(e);
    }
    run.disabled = false;
});

// ---- the centre's activity report (December: the year's) ----------------------------------------
// The periods offered: this year so far, its halves and quarters begun, and last year whole.
const period = document.getElementById('period');
{
    const today = currentMeta().today || new Date().toISOString().slice(0, 10);
    const y = Number(today.slice(0, 4));
    const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
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
    const y = Number((currentMeta().today || new Date().toISOString()).slice(0, 4));
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
        }
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

await runs.reload();
horizon.focus();
