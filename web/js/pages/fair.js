// fair.js - a job fair (phiên giao dịch việc làm): choose the fair, run the invitation plan (the
// min-cost flow by default) as a background job, and read its figures next to the naive
// "everyone's top 3": coverage, congestion, priority-group seekers invited. Then download each
// employer's shortlist (XLSX) and the one printable invitations document. A new fair is added at
// the foot of the page (POST /api/fairs: the fairs import's rules), so that vacancies can name it.
// On the fair's day, a plan's "at the booths" part lists whom it invited to a chosen vacancy
// and records, for those who came, a referral made at the fair (the year's report counts a
// fair's referrals and hires by that channel); their outcomes are then recorded as any other's.

import { t, label, fmtNumber, fmtDate, fmtDateTime } from '../i18n.js';
import { get, post, waitJob } from '../api.js';
import { el, clear, say, sayError, errorText, showFieldErrors } from '../ui.js';
import * as F from '../forms.js';
import { startPage } from '../shell.js';

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

// ---- at the booths ------------------------------------------------------------------------

const boothSel = document.getElementById('booth-vacancy');
let boothRun = null;

// The fair's vacancies to choose a booth from, every page of them (a fair may hold more than
// one page), by title.
async function loadBooths(fair, run)
{
    boothRun = run;
    clear(document.getElementById('booth'));
    say('', 'info', 'booth-status');
    clear(boothSel).append(el('option', { value: '' }, t('fair.booth.choose')));
    const vs = [];
    try {
        for (let page = 1; page <= 50; page++) {
            const r = await get('vacancies', { fair, everywhere: 'true', sort: 'title', size: 100, page });
            vs.push(...(r.items || []));
            if (!(r.items || []).length || vs.length >= r.total) break;
        }
    } catch (e) {
        sayError(e);
    }
    boothSel.append(...vs.map((v) => el('option', { value: v.id },
        v.title + ' · ' + (v.employer_name || v.employer) + ' (' + v.id + ')')));
}

// Whom the plan invited to the chosen vacancy: a referral already made shows with its channel
// and outcome; the others can be ticked as having come.
async function loadBooth()
{
    const box = clear(document.getElementById('booth'));
    const vac = boothSel.value;
    say('', 'info', 'booth-status');
    if (!vac || !boothRun) return;
    let r;
    try {
        r = await get('fair-plans/' + encodeURIComponent(boothRun) + '/vacancies/' + encodeURIComponent(vac));
    } catch (e) {
        sayError(e);
        return;
    }
    if (boothSel.value !== vac) return; // another booth was chosen meanwhile: its answer draws
    clear(box); // the same booth asked twice: one table
    const items = r.items || [];
    if (!items.length) {
        box.append(el('p', { class: 'empty' }, t('fair.booth.none')));
        return;
    }
    const btn = el('button', { type: 'button', class: 'btn', id: 'booth-refer' }, t('fair.booth.refer'));
    btn.addEventListener('click', () => referCame(vac, btn));
    box.append(el('div', { class: 'scroll' }, el('table', { class: 'data', id: 'booth-table' },
        el('caption', { class: 'sr-only' }, t('fair.booth')),
        el('thead', {}, el('tr', {}, [['match.rank', 'num'], ['fair.booth.seeker', ''], ['match.score', 'num'],
            ['fair.booth.referral', '']].map(([k, c]) => el('th', { scope: 'col', class: c }, t(k))))),
        el('tbody', {}, items.map((x) => el('tr', {},
            el('td', { class: 'num' }, fmtNumber(x.rank)),
            el('th', { scope: 'row' }, el('a', { href: 'seeker.html?id=' + encodeURIComponent(x.seeker) },
                x.name || x.seeker), el('span', { class: 'sub-line' }, x.seeker)),
            el('td', { class: 'num' }, fmtNumber(x.score, 2)),
            el('td', {}, x.referral
                ? [el('a', { href: 'slip.html?id=' + encodeURIComponent(x.referral) }, x.referral),
                    el('span', { class: 'sub-line' }, label('channel', x.channel) + ' · ' +
                        label('outcome', x.outcome || 'pending'))]
                : el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'came', value: x.seeker,
                    'aria-label': t('fair.booth.came.for', { name: x.name || x.seeker }) }), ' ', t('fair.booth.came')))))))),
    el('div', { class: 'actions' }, btn));
}

// A referral at the fair for each seeker ticked; what could not be recorded is said with why.
// The button is off while the referrals are written: a second click (a double-click) would
// refer the same people again.
async function referCame(vac, btn)
{
    if (btn.disabled) return;
    const picked = [...document.querySelectorAll('#booth input[name="came"]:checked')].map((c) => c.value);
    if (!picked.length) {
        say(t('fair.booth.pick'), 'error', 'booth-status');
        return;
    }
    btn.disabled = true;
    const made = [], failed = [];
    for (const seeker of picked) {
        try {
            made.push((await post('referrals', { seeker, vacancy: vac, channel: 'fair' })).id);
        } catch (e) {
            failed.push(seeker + ': ' + errorText(e));
        }
    }
    await loadBooth();
    if (failed.length) {
        say(t('fair.booth.failed', { n: made.length, ids: made.join(', ') || '-', list: failed.join('; ') }),
            'error', 'booth-status');
    } else {
        say(t('fair.booth.done', { n: made.length, ids: made.join(', ') }), 'ok', 'booth-status');
    }
    const next = document.getElementById('booth-refer');
    if (next) next.focus();
}
boothSel.addEventListener('change', loadBooth);

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
        el('div', { class: 'scroll' }, el('table', { class: 'data' },
            el('caption', { class: 'sr-only' }, t('fair.shortlists')),
            el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('vacancy.employer')),
                el('th', { scope: 'col', class: 'num' }, t('fair.m.invitations')),
                el('th', { scope: 'col' }, t('fair.download')))),
            el('tbody', {}, emps.map((e) => el('tr', {},
                el('th', { scope: 'row' }, e.name || e.id, e.name ? el('span', { class: 'sub-line' }, e.id) : null),
                el('td', { class: 'num' }, fmtNumber(e.invitations)),
                el('td', {}, el('a', { href: e.shortlist, download: '',
                    'aria-label': t('fair.download.xlsx', { employer: e.name || e.id }) }, 'Excel (.xlsx)'))))))));
    loadBooths(p.fair || fairSel.value, p.run);
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
    box.append(el('div', { class: 'scroll' }, el('table', { class: 'data' },
        el('caption', { class: 'sr-only' }, t('fair.plans')),
        el('thead', {}, el('tr', {}, ['run.id', 'fair.made', 'fair.as_of', 'fair.method', 'fair.m.invitations',
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
                el('td', {}, fmtDateTime(p.made)), el('td', {}, fmtDate(p.as_of)),
                el('td', {}, t('fair.method.short.' + p.method)),
                el('td', { class: 'num' }, fmtNumber(p.invitations)), el('td', {}, b));
        })))));
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
        // the server plans as of the fair's own day when it is still to come, else today
        const { job } = await post('fairs/' + encodeURIComponent(fairSel.value) + '/plans',
            { method: method.value });
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
