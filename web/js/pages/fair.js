// fair.js - a job fair (phiên giao dịch việc làm): choose the fair, run the invitation plan (the
// min-cost flow by default) as a background job, and read its figures next to the naive
// "everyone's top 3": coverage, congestion, priority-group seekers invited. Then download each
// employer's shortlist (XLSX) and the one printable invitations document. A new fair is added at
// the foot of the page (POST /api/fairs: the fairs import's rules), so that vacancies can name it.

import { t, fmtNumber, fmtDate, fmtDateTime } from '../i18n.js';
import { get, post, waitJob } from '../api.js';
import { el, clear, say, sayError, showFieldErrors } from '../ui.js';
import * as F from '../forms.js';
import { startPage, today } from '../shell.js';

await startPage('fair');

const fairSel = document.getElementById('fair');
const method = document.getElementById('method');
const run = document.getElementById('run');

// The figures of a plan: which way is better, and how to write the number.
const FIGURES = {
    invitations: { dir: 0 },
    seekers_invited: { dir: 1 },
    seekers_invited_share: { dir: 1, pct: true },
    priority_invited: { dir: 1 },
    vacancies_covered: { dir: 1 },
    positions_covered: { dir: 1 },
    vacancies_over_capacity: { dir: -1 },
    invitations_per_position_max: { dir: -1, dec: 1 },
    invitations_per_position_gini: { dir: -1, dec: 2 },
    score_mean: { dir: 1, dec: 2 },
};

function num(code, x)
{
    const f = FIGURES[code] || {};
    if (typeof x !== 'number') return t('common.none');
    if (f.pct) return fmtNumber(x * 100, 1) + '\u00a0%';
    return fmtNumber(x, f.dec || 0);
}

// The plan's figures beside greedy. The contract's "figures" list, or the engine's summary
// (plan / baseline, as `vieclam fair plan` writes summary.json) turned into that list.
const OF = { seekers_invited: 'seekers', priority_invited: 'priority_seekers',
    vacancies_covered: 'vacancies', positions_covered: 'positions', vacancies_over_capacity: 'vacancies' };
function normalise(p)
{
    const sm = p.summary;
    if (p.figures || !sm || !sm.plan) return p;
    const base = sm.baseline || {};
    const figures = ['invitations', 'seekers_invited', 'priority_invited', 'vacancies_covered',
        'positions_covered', 'vacancies_over_capacity', 'invitations_per_position_max',
        'invitations_per_position_gini', 'score_mean'].filter((k) => k in sm.plan).map((k) => ({
        figure: k, plan: sm.plan[k], greedy: base[k], of: OF[k] ? sm.plan[OF[k]] : undefined }));
    return { ...p, figures, method: p.method || sm.method, as_of: p.as_of || sm.as_of,
        fair: p.fair || sm.fair };
}

function showPlan(plan)
{
    const p = normalise(plan);
    const box = document.getElementById('result');
    box.hidden = false;
    document.getElementById('result-sub').textContent = t('fair.result.sub', {
        run: p.run, method: t('fair.method.' + p.method), date: fmtDate(p.as_of) });
    const tbody = el('tbody');
    for (const f of p.figures || []) {
        const dir = (FIGURES[f.figure] || {}).dir || 0;
        const cmp = typeof f.plan === 'number' && typeof f.greedy === 'number' && dir !== 0
            ? Math.sign((f.plan - f.greedy) * dir) : 0;
        const of = typeof f.of === 'number' ? ' / ' + fmtNumber(f.of) : '';
        tbody.append(el('tr', {},
            el('th', { scope: 'row' }, t('fair.m.' + f.figure)),
            el('td', { class: 'num' + (cmp > 0 ? ' better' : cmp < 0 ? ' worse' : '') },
                num(f.figure, f.plan) + of),
            el('td', { class: 'num' }, num(f.figure, f.greedy) + of)));
    }
    clear(document.getElementById('figures')).append(el('table', { class: 'data compare' },
        el('caption', { class: 'sr-only' }, t('fair.result')),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('fair.figure')),
            el('th', { scope: 'col', class: 'num' }, t('fair.plan') + ' (' + t('fair.method.short.' + p.method) + ')'),
            el('th', { scope: 'col', class: 'num' }, t('fair.greedy')))),
        tbody), el('p', { class: 'legend' }, t('fair.legend')));
    const dl = clear(document.getElementById('downloads'));
    dl.append(el('p', {}, el('a', { class: 'btn secondary', href: p.invitations, target: '_blank',
        rel: 'noopener' }, t('fair.invitations'))));
    const emps = p.employers || [];
    dl.append(el('p', { class: 'sub' }, t('fair.shortlists')),
        el('table', { class: 'data' },
            el('caption', { class: 'sr-only' }, t('fair.shortlists')),
            el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('vacancy.employer')),
                el('th', { scope: 'col', class: 'num' }, t('fair.m.invitations')),
                el('th', { scope: 'col' }, t('fair.download')))),
            el('tbody', {}, emps.map((e) => el('tr', {},
                el('th', { scope: 'row' }, e.name || e.id, e.name ? el('span', { class: 'sub-line' }, e.id) : null),
                el('td', { class: 'num' }, fmtNumber(e.invitations)),
                el('td', {}, el('a', { href: e.shortlist, download: '',
                    'aria-label': t('fair.download.xlsx', { employer: e.name || e.id }) }, 'Excel (.xlsx)')))))));
}

async function loadPlans()
{
    const box = clear(document.getElementById('plans'));
    if (!fairSel.value) return;
    let r;
    try {
        r = await get('fairs/' + encodeURIComponent(fairSel.value) + '/plans');
    } catch (e) {
        sayError(e);
        return;
    }
    const items = r.items || [];
    if (!items.length) {
        box.append(el('p', { class: 'note' }, t('fair.no_plans')));
        return;
    }
    box.append(el('table', { class: 'data' },
        el('caption', { class: 'sr-only' }, t('fair.plans')),
        el('thead', {}, el('tr', {}, ['run.id', 'run.started', 'fair.method', 'fair.m.invitations',
            'common.actions'].map((k) => el('th', { scope: 'col' }, t(k))))),
        el('tbody', {}, items.map((p) => {
            const b = el('button', { type: 'button', class: 'btn small secondary' }, t('fair.show'));
            b.addEventListener('click', async () => {
                try {
                    showPlan(await get('fair-plans/' + encodeURIComponent(p.run)));
                    document.getElementById('result-h').focus();
                } catch (e) {
                    sayError(e);
                }
            });
            return el('tr', {}, el('th', { scope: 'row' }, String(p.run)),
                el('td', {}, fmtDateTime(p.started)), el('td', {}, t('fair.method.short.' + p.method)),
                el('td', { class: 'num' }, fmtNumber(p.invitations)), el('td', {}, b));
        }))));
}

// The fairs to choose from (the one named chosen, else the first).
async function loadFairs(chosen)
{
    let fairs = [];
    try {
        fairs = (await get('fairs')).items || [];
    } catch (e) {
        sayError(e);
    }
    clear(fairSel);
    for (const f of fairs) {
        fairSel.append(el('option', { value: f.id, selected: f.id === chosen },
            [f.name || f.id, f.date ? fmtDate(f.date) : null,
                t('fair.vacancies', { n: fmtNumber(f.vacancies), p: fmtNumber(f.positions) })]
                .filter(Boolean).join(' · ')));
    }
    run.disabled = !fairs.length;
    if (!fairs.length) say(t('fair.none'), 'info');
}
await loadFairs();

// a new fair
const newForm = document.getElementById('new-fair');
const newSummary = document.getElementById('new-fair-summary');
const widgets = [
    F.text('name', 'fair.f.name', { required: true, wide: true }),
    F.date('date', 'fair.f.date', { required: true }),
    F.area('area', 'fair.f.area'),
    F.text('venue', 'fair.f.venue', { wide: true }),
    F.whole('capacity', 'fair.f.capacity'),
    F.text('id', 'fair.f.id', { hint: 'fair.f.id.hint', spellcheck: false }),
];
newForm.append(...widgets.map((w) => w.node), el('div', { class: 'actions wide-row' },
    el('button', { type: 'submit', class: 'btn secondary' }, t('fair.new.save'))));
newForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const rec = F.readForm(newForm, widgets, newSummary);
    if (!rec) return;
    const missing = {};
    if (!rec.name) missing.name = t('common.required_field');
    if (!rec.date) missing.date = t('common.required_field');
    if (Object.keys(missing).length) {
        showFieldErrors(newForm, missing, newSummary);
        return;
    }
    const body = Object.fromEntries(Object.entries(rec).filter(([, v]) => v !== null && v !== ''));
    try {
        const r = await post('fairs', body);
        F.fillForm(widgets, {});
        await loadFairs(r.id);
        document.getElementById('result').hidden = true;
        await loadPlans();
        say(t('fair.new.done', { name: rec.name, id: r.id }), 'ok');
        fairSel.focus();
    } catch (e) {
        if (e.status === 400 && Object.keys(e.fields).length) showFieldErrors(newForm, e.fields, newSummary);
        else sayError(e);
    }
});
// a plan's result is of the fair it was made for: another fair chosen, it goes
fairSel.addEventListener('change', () => {
    document.getElementById('result').hidden = true;
    loadPlans();
});
document.getElementById('result-h').tabIndex = -1;

document.getElementById('plan-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    run.disabled = true;
    const label = run.textContent;
    run.textContent = t('fair.running');
    say(t('fair.running'), 'info');
    try {
        const { job } = await post('fairs/' + encodeURIComponent(fairSel.value) + '/plans',
            { method: method.value, as_of: today() });
        const done = await waitJob(job);
        const run = done.run ?? (done.result && done.result.run);
        const plan = await get('fair-plans/' + encodeURIComponent(run));
        showPlan(plan);
        say(t('fair.done', { run: plan.run }), 'ok');
        document.getElementById('result-h').focus();
        await loadPlans();
    } catch (e) {
        sayError(e);
    }
    run.disabled = false;
    run.textContent = label;
});

await loadPlans();
fairSel.focus();
