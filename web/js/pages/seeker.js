// seeker.js - one job seeker at the desk: the record (personal data: the server audits the
// view), the ranked vacancies with their reasons in words, "why not" for a vacancy the seeker
// names, referring with one key press and the referrals made so far with their slips and what
// became of each (recordable here when the seeker calls: outcome.js), and the counselling
// sessions (recorded here by the signed-in counsellor, one a day).

import { t, label, fmtDate, fmtMoney, fmtNumber } from '../i18n.js';
import { get, post } from '../api.js';
import { el, clear, say, sayError, params, combobox, field, failPage,
    showFieldErrors, clearFieldErrors } from '../ui.js';
import { text, date } from '../forms.js';
import { startPage, today, currentUser } from '../shell.js';
import { occupation, language, countries, list, wageRange, age, facts, placeName } from '../format.js';
import { reasons, reasonList, scoreCell, distanceText, constraintText } from '../reasons.js';
import { outcomeCell, referDialog, whenCell } from '../outcome.js';

await startPage('seekers');

const id = params().id;
const asOf = params().as_of || today();
let seeker = null;
const referred = new Set();
let placedBy = null; // the referral that hired this seeker, when one did

function profile(s)
{
    document.getElementById('name').textContent = s.name || s.id;
    const a = age(s.birth_year, asOf);
    document.getElementById('summary').textContent = [s.id,
        s.birth_year ? s.birth_year + (a !== null ? ' (' + t('seeker.age', { n: a }) + ')' : '') : null,
        s.gender ? label('gender', s.gender) : null, s.area_name].filter(Boolean).join(' · ');
    document.title = (s.name || s.id) + ' - vieclam';
    const edit = document.getElementById('edit');
    edit.href = 'seeker-form.html?id=' + encodeURIComponent(s.id);
    edit.setAttribute('aria-label', t('seeker.form.edit', { id: s.id }));
    if (s.erased) {
        // erased (Decree 13): nothing more is recorded about the person, so nothing is offered
        // but reading, printing and their data letter
        edit.remove();
        document.getElementById('co-form').hidden = true;
        const note = document.getElementById('erased');
        note.textContent = t('seeker.erased', { date: fmtDate(s.erased) });
        note.hidden = false;
    }
    // the person's right to be given their data (Decree 13): a letter to print, a file to keep
    document.getElementById('pdata').href = 'personal-data.html?id=' + encodeURIComponent(s.id);
    const dl = clear(document.getElementById('facts'));
    facts(dl, [
        ['seeker.status', s.erased ? el('span', { class: 'badge warn', id: 'status-badge' },
            t('seeker.erased.badge')) : el('span', { class: 'badge' + (s.status === 'active' ? ' ok' : ''),
            id: 'status-badge' }, label('status', s.status))],
        ['seeker.phone', s.phone],
        ['seeker.id_card', s.id_card],
        ['seeker.area', placeName(s)],
        ['seeker.education', label('edu', s.education)],
        ['seeker.occupations', (s.occupations || []).length
            ? el('ol', { class: 'plain' }, s.occupations.map((code, i) => el('li', {},
                occupation({ code, title: (s.occupation_titles || [])[i] }))))
            : null],
        ['seeker.skills', list(s.skills)],
        ['seeker.experience_years', s.experience_years != null ? fmtNumber(s.experience_years,
            Number.isInteger(s.experience_years) ? 0 : 1) : null],
        ['seeker.languages', list(s.languages, language)],
        ['seeker.wage_min', s.wage_min != null ? fmtMoney(s.wage_min) : null],
        ['seeker.max_commute_km', s.max_commute_km != null ? fmtNumber(s.max_commute_km) : null],
        ['seeker.abroad', countries(s.abroad)],
        ['seeker.priority', list(s.priority, (p) => label('prio', p))],
        ['seeker.registered', fmtDate(s.registered)],
    ]);
}

async function refer(m)
{
    const r = await referDialog(seeker, { id: m.vacancy, title: m.title, employer_name: m.employer_name },
        t('referral.confirm'));
    if (!r) return;
    referred.add(m.vacancy);
    await loadMatches();
    await loadReferrals();
    document.getElementById('print-slip').focus();
}

async function loadMatches()
{
    const box = document.getElementById('matches');
    const top = document.getElementById('top-n').value;
    document.getElementById('asof').textContent = t('common.as_of', { date: fmtDate(asOf) });
    let r;
    try {
        r = await get('seekers/' + encodeURIComponent(id) + '/matches', { top, as_of: asOf });
    } catch (e) {
        sayError(e);
        return;
    }
    clear(box);
    const ms = r.matches || [];
    if (!ms.length) {
        box.append(el('p', { class: 'empty' }, r.active === false
            ? (placedBy ? t('seeker.placed_by', { id: placedBy.id, title: placedBy.title || placedBy.vacancy,
                date: fmtDate(placedBy.outcome_on) }) : t('seeker.not_active'))
            : t('match.none')));
        return;
    }
    const tbody = el('tbody');
    for (const m of ms) {
        const btn = el('button', { type: 'button', class: 'btn small',
            'aria-label': t('match.refer.label', { seeker: seeker.name, vacancy: m.vacancy }) },
        t('match.refer'));
        if (referred.has(m.vacancy)) {
            btn.disabled = true;
            btn.textContent = t('match.referred');
        }
        btn.addEventListener('click', () => refer(m));
        tbody.append(el('tr', {},
            el('td', { class: 'num' }, fmtNumber(m.rank)),
            el('th', { scope: 'row' },
                el('a', { href: 'vacancy.html?id=' + encodeURIComponent(m.vacancy) }, m.title),
                el('span', { class: 'sub-line' }, m.employer_name || ''),
                el('span', { class: 'sub-line' }, m.occupation_title || '')),
            // abroad: the country alone (no distance); at home: the commune and how far
            el('td', {}, m.country && m.country !== 'VN' ? label('country', m.country)
                : [m.area_name, el('span', { class: 'sub-line' }, distanceText(m))]),
            el('td', { class: 'num wage' }, wageRange(m.wage_min, m.wage_max)),
            el('td', { class: 'nowrap' }, m.closes ? fmtDate(m.closes) : t('vacancy.no_closing')),
            el('td', {}, scoreCell(m.score)),
            el('td', {}, reasonList(reasons(m))),
            el('td', { class: 'no-print' }, btn)));
    }
    const head = ['match.rank', 'referral.vacancy', 'match.where', 'vacancy.wage', 'vacancy.closes',
        'match.score', 'match.reasons', 'common.actions'];
    box.append(el('div', { class: 'scroll' }, el('table', { class: 'data matches' },
        el('caption', { class: 'sr-only' }, t('seeker.matches')),
        el('thead', {}, el('tr', {}, head.map((k, i) => el('th', { scope: 'col',
            class: ['num c-rank', 'c-vac', 'c-where', 'num c-wage', 'c-date', 'c-score', 'c-why',
                'no-print'][i] }, t(k))))),
        tbody)));
}

// "Why not": the vacancy the seeker names, by id or title (a combobox over open vacancies).
let whyVacancy = null;
const whyBox = combobox({
    search: async (q) => {
        const r = await get('vacancies', { q, size: 8 });
        return (r.items || []).map((v) => ({ value: v.id, label: v.title + ' (' + v.id + ')',
            detail: v.employer_name || '' }));
    },
    onPick: (it, input) => {
        whyVacancy = it.value;
        input.value = it.label;
    },
    onType: () => {
        whyVacancy = null;
    },
});
whyBox.input.id = 'why-vacancy';
document.getElementById('why-field').replaceWith(field('vacancy', 'seeker.why.label', whyBox.input,
    { node: whyBox.node }));

document.getElementById('why-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const out = clear(document.getElementById('why-out'));
    const raw = whyBox.input.value.trim();
    const vac = whyVacancy || (/\(([^()\s]+)\)$/.exec(raw) || [])[1] || raw;
    if (!vac) {
        whyBox.input.focus();
        return;
    }
    let r;
    try {
        r = await get('seekers/' + encodeURIComponent(id) + '/why-not/' + encodeURIComponent(vac),
            { as_of: asOf });
    } catch (e) {
        sayError(e);
        whyBox.input.focus();
        return;
    }
    const failed = r.failed || [];
    const lines = [];
    const sc = (x) => fmtNumber(x, 2);
    if (failed.length) {
        lines.push(el('p', {}, t('why.failed')));
        lines.push(el('ul', { class: 'reasons' }, failed.map((f) => el('li', { class: 'fail' },
            constraintText(f)))));
    } else if (typeof r.min_score === 'number' && r.score < r.min_score) {
        lines.push(el('p', {}, t('why.min_score', { score: sc(r.score), min: sc(r.min_score) })));
    } else if (r.gap !== null && r.gap <= 0) {
        lines.push(el('p', {}, t('why.in_list', { rank: fmtNumber(r.rank), score: sc(r.score) })));
    } else {
        lines.push(el('p', {}, t('why.below', { rank: fmtNumber(r.rank), score: sc(r.score),
            last: sc(r.last_score), gap: sc(r.gap) })));
    }
    out.append(el('div', { class: 'why' + (failed.length ? '' : ' ok'), tabindex: '-1',
        id: 'why-answer' }, el('h3', {}, t('why.title', { vacancy: whyBox.input.value.trim() })),
    lines));
    document.getElementById('why-answer').focus();
});

async function loadReferrals()
{
    const box = clear(document.getElementById('refs'));
    let r;
    try {
        r = await get('referrals', { seeker: id, size: 20 }); // newest first by default
    } catch (e) {
        sayError(e);
        return;
    }
    const items = r.items || [];
    referred.clear();
    for (const x of items) if (!x.outcome || x.outcome === 'pending') referred.add(x.vacancy);
    if (!items.length) {
        box.append(el('p', { class: 'note' }, t('seeker.no_referrals')));
        return;
    }
    // hired through a referral: placed, whatever the record's own status still says (the
    // matching leaves a placed seeker out, and the page says so instead of "not active")
    placedBy = items.find((x) => x.outcome === 'hired') || null;
    const badge = document.getElementById('status-badge');
    if (placedBy && badge && seeker && seeker.status === 'active') {
        badge.className = 'badge';
        badge.textContent = label('status', 'placed');
    }
    box.append(el('div', { class: 'scroll' }, el('table', { class: 'data' },
        el('caption', { class: 'sr-only' }, t('seeker.referrals')),
        el('thead', {}, el('tr', {}, ['referral.id', 'referral.vacancy', 'vacancy.employer',
            'referral.at', 'referral.by', 'referral.outcome', 'common.actions']
            .map((k) => el('th', { scope: 'col' }, t(k))))),
        el('tbody', {}, items.map((x) => el('tr', {}, el('th', { scope: 'row' }, String(x.id)),
            el('td', {}, el('a', { href: 'vacancy.html?id=' + encodeURIComponent(x.vacancy) },
                x.title || x.vacancy)),
            el('td', {}, x.employer_name || ''),
            el('td', {}, whenCell(x)),
            el('td', {}, x.by || ''),
            el('td', {}, outcomeCell(x, async () => {
                await loadReferrals(); // a hire places the seeker: the suggestions say so
                await loadMatches();
            }, { readOnly: Boolean(seeker && seeker.erased) })),
            el('td', {}, el('a', { href: 'slip.html?id=' + encodeURIComponent(x.id),
                'aria-label': t('referral.print') + ' ' + x.id }, t('referral.print')))))))));
}

// ---- counselling -------------------------------------------------------------------------

function drawCounselling(r)
{
    const box = clear(document.getElementById('co-list'));
    const items = (r && r.items) || [];
    if (!items.length) {
        box.append(el('p', { class: 'note' }, t('counselling.none')));
        return;
    }
    box.append(el('div', { class: 'scroll' }, el('table', { class: 'data' },
        el('caption', { class: 'sr-only' }, t('seeker.counselling')),
        el('thead', {}, el('tr', {}, ['counselling.on', 'counselling.staff', 'counselling.topic']
            .map((k) => el('th', { scope: 'col' }, t(k))))),
        el('tbody', {}, items.map((x) => el('tr', {},
            el('th', { scope: 'row' }, fmtDate(x.counselled_on)),
            el('td', {}, x.staff || t('common.none')),
            el('td', {}, x.topic || t('common.none'))))))));
}

async function loadCounselling()
{
    try {
        drawCounselling(await get('seekers/' + encodeURIComponent(id) + '/counselling'));
    } catch (e) {
        sayError(e);
    }
}

const coForm = document.getElementById('co-form');
const coSummary = document.getElementById('co-summary');
const coOn = date('counselled_on', 'counselling.on', { required: true });
const coTopic = text('topic', 'counselling.topic', { wide: true, maxlength: 500,
    hint: 'counselling.topic.hint' });
coOn.input.value = fmtDate(today());
coForm.append(coOn.node, coTopic.node, el('div', { class: 'actions wide-row' },
    el('button', { type: 'submit', class: 'btn' }, t('counselling.record'))));
// A session that ends while the counsellor types sends them to log in and back here (api.js):
// what they typed waits in this tab's sessionStorage, for this user and seeker, until recorded.
const draftKey = 'vl.draft.counselling.' + ((currentUser() || {}).user || '') + '.' + id;
function keepDraft()
{
    try {
        if (coTopic.input.value.trim()) {
            sessionStorage.setItem(draftKey, JSON.stringify({ on: coOn.input.value, topic: coTopic.input.value }));
        } else {
            sessionStorage.removeItem(draftKey);
        }
    } catch (e) {
        // no storage (a private window's quota): the text stays only on the page
    }
}
function takeDraft()
{
    try {
        const d = JSON.parse(sessionStorage.getItem(draftKey) || 'null');
        if (!d || typeof d.topic !== 'string' || !d.topic.trim()) return false;
        if (typeof d.on === 'string' && d.on) coOn.input.value = d.on;
        coTopic.input.value = d.topic;
        return true;
    } catch (e) {
        return false;
    }
}
coForm.addEventListener('input', keepDraft);
coForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(coForm, coSummary);
    const on = coOn.get();
    if (!on || on.error) {
        showFieldErrors(coForm, { counselled_on: on ? on.error : t('counselling.on.missing') },
            coSummary);
        return;
    }
    keepDraft(); // kept until the server has it: a 401 now goes to the login page
    try {
        const r = await post('seekers/' + encodeURIComponent(id) + '/counselling',
            { counselled_on: on, topic: coTopic.get() });
        drawCounselling(r);
        coTopic.input.value = '';
        keepDraft();
        say(t('counselling.done', { date: fmtDate(on) }), 'ok');
    } catch (e) {
        if (e.status === 400 && Object.keys(e.fields).length) {
            showFieldErrors(coForm, e.fields, coSummary);
        } else {
            sayError(e);
        }
    }
});

try {
    seeker = await get('seekers/' + encodeURIComponent(id));
} catch (e) {
    failPage(e, 'seekers.html', 'seekers.find');
}
profile(seeker);
if (params().saved) say(t('seeker.saved', { id: seeker.id }), 'ok');
if (!seeker.erased && takeDraft()) say(t('counselling.draft'), 'info');
document.getElementById('top-n').addEventListener('change', loadMatches);
document.getElementById('print').addEventListener('click', () => window.print());
await loadReferrals();
await loadCounselling();
await loadMatches();
