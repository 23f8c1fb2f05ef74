// slip.js - the referral slip (phiếu giới thiệu việc làm) of one referral, GET /api/referrals/{id}:
// the centre, the employer and its address, the seeker, the position, the date, the counsellor;
// printed on one A4 page (css/slip.css), always in Vietnamese. The print button is the only
// control; Ctrl+P works too.

import { t, label, fmtDate, inLang } from '../i18n.js';
import { get } from '../api.js';
import { el, sayError, params, failPage } from '../ui.js';
import { startPage, currentMeta } from '../shell.js';
import { wageRange } from '../format.js';

await startPage('referrals');

const id = params().id;
let r;
try {
    r = await get('referrals/' + encodeURIComponent(id));
} catch (e) {
    failPage(e, 'referrals.html', 'referrals.title');
}
const centre = r.centre || currentMeta().centre || '';
const s = r.seeker || {};
const v = r.vacancy || {};
const emp = r.employer || {};
const at = String(r.at || '').slice(0, 10);
const [y, m, d] = at.split('-');
const dash = t('common.none');
const row = (k, val) => [el('dt', {}, t(k)), el('dd', {}, val === null || val === undefined || val === '' ? dash : String(val))];
// where to go: "street, commune, province"; the commune and province alone when the street is
// not known (the vacancy's commune when the employer has none)
const address = (emp.area_name
    ? [emp.address, emp.area_name, emp.area_parent_name]
    : [emp.address, v.area_name]).filter(Boolean).join(', ');

// The slip goes to the employer: always in Vietnamese, whatever the screen's language.
const sheet = document.getElementById('sheet');
sheet.lang = 'vi';
inLang('vi', () => sheet.append(
    el('div', { class: 'heads' },
        el('div', {}, el('div', { class: 'issuer' }, centre),
            el('div', { class: 'number' }, t('slip.number', { id: r.id }))),
        el('div', {}, el('div', { class: 'nation' }, t('slip.nation')),
            el('div', { class: 'motto' }, t('slip.motto')))),
    el('h1', { id: 'slip-h' }, t('slip.heading')),
    el('p', { class: 'to' }, t('slip.to', { employer: emp.name || dash })),
    el('p', { class: 'address' }, t('slip.address', { address: address || dash })),
    ...(emp.phone ? [el('p', { class: 'phone' }, t('slip.phone', { phone: emp.phone }))] : []),
    el('p', {}, t('slip.intro', { centre })),
    el('dl', {},
        row('seeker.name', s.name),
        row('seeker.birth_year', s.birth_year),
        row('seeker.gender', s.gender ? label('gender', s.gender) : null),
        row('seeker.id_card', s.id_card),
        row('seeker.phone', s.phone),
        row('seeker.area', s.area_name),
        row('referral.vacancy', v.title ? v.title + ' (' + v.id + ')' : v.id),
        row('vacancy.occupation', v.occupation_title),
        row('vacancy.wage', wageRange(v.wage_min, v.wage_max)),
        row('vacancy.closes', v.closes ? fmtDate(v.closes) : null)),
    el('p', {}, t('slip.request')),
    el('p', { class: 'date' }, t('slip.date', { d, m, y })),
    el('div', { class: 'signs' },
        el('div', {}, el('div', { class: 'who' }, t('slip.staff')),
            el('div', { class: 'hint' }, t('slip.sign')), el('div', { class: 'name' }, r.by || '')),
        el('div', {}, el('div', { class: 'who' }, t('slip.director')),
            el('div', { class: 'hint' }, t('slip.sign')))),
    el('hr', { class: 'cut' }),
    el('section', { class: 'reply' },
        el('h2', {}, t('slip.reply')),
        el('p', {}, t('slip.reply.result')),
        el('p', { class: 'sign' }, t('slip.reply.sign'))),
    el('p', { class: 'valid' }, t('slip.valid'))));

document.title = t('slip.title') + ' ' + r.id + ' - vieclam';
const back = document.getElementById('back');
if (s.id) back.href = 'seeker.html?id=' + encodeURIComponent(s.id);
const print = document.getElementById('print');
print.addEventListener('click', () => window.print());
print.focus();
