// vacancy.js - one vacancy: its terms, and the shortlist of the best job seekers for it (the same
// ranking as `vieclam match --vacancy`) with the reasons in words; a seeker is referred from the
// list with one key press, and the slip is one link away. Below, the people referred to it with
// what became of each, recorded here while the employer is on the phone, and the positions
// filled.

import { t, label, fmtDate, fmtNumber } from '../i18n.js';
import { get } from '../api.js';
import { el, clear, say, sayError, params, failPage } from '../ui.js';
import { outcomeCell, referDialog, whenCell } from '../outcome.js';
import { startPage, today } from '../shell.js';
import { list, language, wageRange, age, facts, occupation, placeName } from '../format.js';
import { reasons, reasonList, scoreCell } from '../reasons.js';

await startPage('vacancies');

const id = params().id;
const asOf = params().as_of || today();
let v;
try {
    v = await get('vacancies/' + encodeURIComponent(id));
} catch (e) {
    failPage(e, 'vacancies.html', 'vacancies.find');
}
if (params().saved) say(t('vacancy.saved', { id: v.id }), 'ok');
document.getElementById('name').textContent = v.title;
document.title = v.title + ' - vieclam';
const sub = document.getElementById('summary');
sub.append(v.id, ' · ', el('a', { href: 'employer.html?id=' + encodeURIComponent(v.employer) },
    v.employer_name || v.employer));
const edit = document.getElementById('edit');
edit.href = 'vacancy-form.html?id=' + encodeURIComponent(v.id);
edit.setAttribute('aria-label', t('vacancy.form.edit', { id: v.id }));
const abroad = v.country && v.country !== 'VN';
facts(document.getElementById('facts'), [
    ['vacancy.occupation', occupation({ code: v.occupation, title: v.occupation_title })],
    [abroad ? 'vacancy.country' : 'vacancy.area', abroad ? label('country', v.country) : placeName(v)],
    ['vacancy.wage', wageRange(v.wage_min, v.wage_max)],
    ['vacancy.positions', fmtNumber(v.positions)],
    ['vacancy.skills_required', list(v.skills_required)],
    ['vacancy.skills_preferred', list(v.skills_preferred)],
    ['vacancy.education_min', v.education_min ? label('edu', v.education_min) : null],
    ['vacancy.experience_min', v.experience_min != null ? fmtNumber(v.experience_min, Number.isInteger(v.experience_min) ? 0 : 1) : null],
    ['vacancy.languages', list(v.languages, language)],
    ['vacancy.ages', v.age_min != null || v.age_max != null
        ? (v.age_min ?? '') + ' - ' + (v.age_max ?? '') : null],
    ['vacancy.posted', fmtDate(v.posted)],
    ['vacancy.closes', v.closes ? fmtDate(v.closes) : t('vacancy.no_closing')],
    ['vacancy.fair', v.fair],
]);

const referred = new Set();

async function refer(m)
{
    const r = await referDialog({ id: m.seeker, name: m.name }, v);
    if (!r) return;
    referred.add(m.seeker);
    await Promise.all([load(), loadReferrals()]);
    document.getElementById('print-slip').focus();
}

async function load()
{
    const box = document.getElementById('shortlist');
    document.getElementById('asof').textContent = t('common.as_of', { date: fmtDate(asOf) });
    let r;
    try {
        r = await get('vacancies/' + encodeURIComponent(id) + '/shortlist',
            { top: document.getElementById('top-n').value, as_of: asOf });
    } catch (e) {
        sayError(e);
        return;
    }
    clear(box);
    const ms = r.matches || [];
    if (!ms.length) {
        box.append(el('p', { class: 'empty' }, r.open === false ? t('vacancy.not_open') : t('match.none.vacancy')));
        return;
    }
    box.append(el('div', { class: 'scroll' }, el('table', { class: 'data matches' },
        el('caption', { class: 'sr-only' }, t('vacancy.shortlist')),
        el('thead', {}, el('tr', {}, [['match.rank', 'num c-rank'], ['match.candidate', 'c-vac'],
            ['seeker.area', ''], ['seeker.education', 'c-edu'], ['match.score', 'c-score'],
            ['match.reasons', 'c-why'], ['common.actions', 'no-print']].map(([k, c]) =>
            el('th', { scope: 'col', class: c }, t(k))))),
        el('tbody', {}, ms.map((m) => {
            const b = el('button', { type: 'button', class: 'btn small',
                'aria-label': t('match.refer.label', { seeker: m.name, vacancy: v.id }) }, t('match.refer'));
            if (referred.has(m.seeker)) {
                b.disabled = true;
                b.textContent = t('match.referred');
            }
            b.addEventListener('click', () => refer(m));
            const a = age(m.birth_year, asOf);
            return el('tr', {},
                el('td', { class: 'num' }, fmtNumber(m.rank)),
                el('th', { scope: 'row' },
                    el('a', { href: 'seeker.html?id=' + encodeURIComponent(m.seeker) }, m.name || m.seeker),
                    el('span', { class: 'sub-line' }, [m.seeker, a !== null ? t('seeker.age', { n: a }) : null,
                        m.gender ? label('gender', m.gender) : null, m.phone].filter(Boolean).join(' · '))),
                el('td', {}, m.area_name || t('common.none'),
                    el('span', { class: 'sub-line' }, typeof m.distance_km === 'number'
                        ? t('match.km', { km: fmtNumber(m.distance_km, m.distance_km < 10 ? 1 : 0) }) : '')),
                el('td', {}, label('edu', m.education),
                    el('span', { class: 'sub-line' }, m.experience_years != null
                        ? t('seeker.experience_n', { n: fmtNumber(m.experience_years, Number.isInteger(m.experience_years) ? 0 : 1) }) : '')),
                el('td', {}, scoreCell(m.score)),
                el('td', {}, reasonList(reasons(m))),
                el('td', { class: 'no-print' }, b));
        })))));
}

// The people referred here, newest first, each outcome recordable; how many positions are filled.
const REFS_SHOWN = 100;
async function loadReferrals()
{
    const box = clear(document.getElementById('refs'));
    const summary = document.getElementById('refs-summary');
    let r;
    try {
        r = await get('referrals', { vacancy: id, size: REFS_SHOWN }); // with counts by outcome
    } catch (e) {
        sayError(e);
        return;
    }
    const by = r.outcomes || {};
    const hired = by.hired || 0, open = (by.pending || 0) + (by.interviewed || 0);
    const items = r.items || [];
    referred.clear();
    for (const x of items) if (!x.outcome || x.outcome === 'pending') referred.add(x.seeker);
    summary.textContent = '';
    if (!items.length) {
        box.append(el('p', { class: 'note' }, t('vacancy.referrals.none')));
        return;
    }
    summary.textContent = [
        t('vacancy.referrals.summary', { n: fmtNumber(r.total), open: fmtNumber(open),
            hired: fmtNumber(hired), positions: fmtNumber(v.positions) }),
        hired >= v.positions ? t('vacancy.referrals.full', { positions: fmtNumber(v.positions) }) : '',
        r.total > items.length ? t('vacancy.referrals.newest', { shown: fmtNumber(items.length) }) : '',
    ].filter(Boolean).join(' ');
    const again = () => Promise.all([loadReferrals(), load()]);
    box.append(el('div', { class: 'scroll' }, el('table', { class: 'data' },
        el('caption', { class: 'sr-only' }, t('vacancy.referrals')),
        el('thead', {}, el('tr', {}, ['referral.id', 'referral.seeker', 'referral.at', 'referral.by',
            'referral.outcome', 'referral.print'].map((k) => el('th', { scope: 'col' }, t(k))))),
        el('tbody', {}, items.map((x) => el('tr', {},
            el('th', { scope: 'row' }, String(x.id)),
            el('td', {}, el('a', { href: 'seeker.html?id=' + encodeURIComponent(x.seeker) },
                x.seeker_name || x.seeker)),
            el('td', {}, whenCell(x)),
            el('td', {}, x.by || ''),
            el('td', {}, outcomeCell(x, again)),
            el('td', {}, el('a', { href: 'slip.html?id=' + encodeURIComponent(x.id),
                'aria-label': t('referral.print') + ' ' + x.id }, t('referral.print')))))))));
}

document.getElementById('top-n').addEventListener('change', load);
await loadReferrals();
await load();
