// personal-data.js - the letter that gives a seeker everything the centre holds about them, when
// they ask (Decree 13/2023/NĐ-CP), from GET /api/seekers/{id}/data: the record, counselling,
// referrals with every outcome recorded, fair invitations, stored matches and when their data
// was seen or changed. Printed (as many A4 pages as it takes: css/personal-data.css) and always
// in Vietnamese, as the referral slip; the same document can be saved as a JSON file for the
// person. The server records the provision in the access audit before it answers.

import { t, label, fmtDate, fmtDateTime, fmtMoney, fmtNumber, inLang } from '../i18n.js';
import { get, ApiError } from '../api.js';
import { el, params, failPage } from '../ui.js';
import { startPage, currentMeta } from '../shell.js';
import { language, countries } from '../format.js';

await startPage('seekers');

const id = params().id;
let doc;
try {
    // opened without a seeker (a bookmark, a link cut short): say so, never ask for 'undefined'
    if (!id) throw new ApiError(404, 'not_found', t('err.no_seeker'));
    doc = await get('seekers/' + encodeURIComponent(id) + '/data');
} catch (e) {
    failPage(e, 'seekers.html', 'seekers.find');
}

const dash = () => t('common.none');
const cells = (s) => (s ? String(s).split(';').filter(Boolean) : []);
const text = (v) => (v === null || v === undefined || v === '' ? dash() : String(v));

// A section: its heading, then a table of rows (each an array of cells), or a line saying there
// is nothing.
function section(headKey, heads, rows, noneKey)
{
    const h = el('h2', {}, t(headKey));
    if (!rows.length) return [h, el('p', { class: 'none' }, t(noneKey))];
    return [h, el('table', {},
        el('thead', {}, el('tr', {}, heads.map((k) => el('th', { scope: 'col' }, t(k))))),
        el('tbody', {}, rows.map((r) => el('tr', {}, r.map(cell)))))];
}

// A table cell: text, {num: text} (a number, right-aligned), {nw: text} (kept on one line) or a
// node.
function cell(c)
{
    if (c && c.num !== undefined) return el('td', { class: 'num' }, c.num);
    if (c && c.nw !== undefined) return el('td', { class: 'nw' }, text(c.nw));
    if (c instanceof Node) return el('td', {}, c);
    return el('td', {}, text(c));
}

function recordRows(r, names)
{
    const occ = cells(r.occupations).map((code, i) => {
        const title = (names.occupation_titles || [])[i];
        return title ? title + ' (' + code + ')' : code;
    });
    return [
        ['seeker.id', r.id],
        ['seeker.name', r.name],
        ['seeker.birth_year', r.birth_year],
        ['seeker.gender', r.gender ? label('gender', r.gender) : null],
        ['seeker.phone', r.phone],
        ['seeker.id_card', r.id_card],
        ['seeker.area', [names.area_name, names.area_parent_name].filter(Boolean).join(', ') || r.area],
        ['seeker.education', r.education ? label('edu', r.education) : null],
        ['seeker.occupations', occ.join('; ')],
        ['seeker.skills', cells(r.skills).join('; ')],
        ['seeker.experience_years', r.experience_years != null ? fmtNumber(Number(r.experience_years),
            Number.isInteger(Number(r.experience_years)) ? 0 : 1) : null],
        ['seeker.languages', cells(r.languages).map(language).join('; ')],
        ['seeker.wage_min', r.wage_min != null ? fmtMoney(Number(r.wage_min)) : null],
        ['seeker.max_commute_km', r.max_commute_km],
        ['seeker.abroad', r.abroad ? countries(cells(r.abroad)) : null],
        ['seeker.priority', cells(r.priority).map((p) => label('prio', p)).join('; ')],
        ['seeker.registered', r.registered ? fmtDate(r.registered) : null],
        ['seeker.status', r.status ? label('status', r.status) : null],
    ];
}

// "Đã tuyển 10/03/2026 (bắt đầu 15/03/2026, 8.000.000 đ)"
function outcomeText(o)
{
    if (!o.outcome) return label('outcome', 'pending');
    const extra = [o.start_on ? t('pdata.start_on', { date: fmtDate(o.start_on) }) : null,
        o.wage != null ? fmtMoney(o.wage) : null].filter(Boolean).join(', ');
    return label('outcome', o.outcome) + ' ' + fmtDate(o.outcome_on) + (extra ? ' (' + extra + ')' : '');
}

function referralRows(refs)
{
    return refs.map((r) => [
        { nw: r.id },
        { nw: fmtDate(r.referred_on) },
        (r.vacancy_title ? r.vacancy_title + ' (' + r.vacancy + ')' : r.vacancy) +
            (r.employer_name ? ' - ' + r.employer_name : ''),
        { nw: r.staff },
        r.outcome ? el('span', {}, label('outcome', r.outcome), el('br'),
            el('span', { class: 'nw' }, fmtDate(r.outcome_on))) : label('outcome', 'pending'),
        [r.outcomes.map((o) => outcomeText(o) + ' - ' + t('pdata.recorded', { at: fmtDateTime(o.recorded) })).join('; '),
            r.followups.map((f) => t(f.employed ? 'pdata.followup.yes' : 'pdata.followup.no',
                { date: fmtDate(f.checked_on) })).join('; ')].filter(Boolean).join('; '),
    ]);
}

const sheet = document.getElementById('sheet');
const centre = currentMeta().centre || '';
const [y, m, d] = String(doc.provided_at).slice(0, 10).split('-');
const r = doc.record || {};
sheet.lang = 'vi';
inLang('vi', () => sheet.append(
    el('div', { class: 'heads' },
        el('div', {}, el('div', { class: 'issuer' }, centre)),
        el('div', {}, el('div', { class: 'nation' }, t('slip.nation')),
            el('div', { class: 'motto' }, t('slip.motto')))),
    el('h1', { id: 'pdata-h' }, t('pdata.heading')),
    el('p', { class: 'lead' }, t('pdata.lead', { centre, name: r.name || doc.seeker, id: doc.seeker,
        at: fmtDateTime(doc.provided_at) })),
    ...(doc.erased ? [el('p', { class: 'lead' }, t('pdata.erased', { date: fmtDate(doc.erased) }))] : []),
    el('h2', {}, t('pdata.record')),
    el('dl', {}, recordRows(r, doc.names || {}).flatMap(([k, v]) =>
        [el('dt', {}, t(k)), el('dd', {}, text(v))])),
    ...section('pdata.counselling', ['pdata.date', 'pdata.staff', 'pdata.topic'],
        doc.counselling.map((c) => [{ nw: fmtDate(c.counselled_on) }, { nw: c.staff }, c.topic]), 'pdata.none'),
    ...section('pdata.referrals',
        ['pdata.referral', 'pdata.date', 'pdata.vacancy', 'pdata.staff', 'pdata.outcome', 'pdata.history'],
        referralRows(doc.referrals), 'pdata.none'),
    ...section('pdata.invitations', ['pdata.fair', 'pdata.vacancy', 'pdata.rank'],
        doc.fair_invitations.map((i) => [
            (i.fair_name || i.fair) + (i.fair_date ? ' (' + fmtDate(i.fair_date) + ')' : ''),
            (i.vacancy_title ? i.vacancy_title + ' (' + i.vacancy + ')' : i.vacancy) +
                (i.employer_name ? ' - ' + i.employer_name : ''),
            { num: i.rank_for_seeker != null ? String(i.rank_for_seeker) : dash() }]), 'pdata.none'),
    ...section('pdata.matches', ['pdata.run', 'pdata.vacancy', 'pdata.rank', 'pdata.score'],
        doc.matches.map((x) => [{ nw: t('pdata.run.at', { run: x.run, at: fmtDateTime(x.run_started) }) },
            x.vacancy_title ? x.vacancy_title + ' (' + x.vacancy + ')' : x.vacancy,
            { num: String(x.rank) }, { num: fmtNumber(x.score, 2) }]), 'pdata.none'),
    el('p', { class: 'note' }, t('pdata.matches.note')),
    ...section('pdata.access', ['pdata.at', 'pdata.action', 'pdata.kind', 'pdata.record_id'],
        doc.access.map((a) => [{ nw: fmtDateTime(a.at) }, a.action_label, a.kind_label,
            a.record === '*' ? t('pdata.list') : a.record]), 'pdata.none'),
    el('p', { class: 'note' }, t('pdata.access.note')),
    el('h2', {}, t('pdata.rights')),
    el('ul', { class: 'rights' }, ['pdata.rights.1', 'pdata.rights.2', 'pdata.rights.3']
        .map((k) => el('li', {}, t(k)))),
    el('p', { class: 'date' }, t('slip.date', { d, m, y })),
    el('div', { class: 'signs' },
        el('div', {}, el('div', { class: 'who' }, t('pdata.receiver')),
            el('div', { class: 'hint' }, t('slip.sign'))),
        el('div', {}, el('div', { class: 'who' }, t('pdata.giver')),
            el('div', { class: 'hint' }, t('slip.sign')), el('div', { class: 'name' }, doc.provided_by || '')))));

document.title = t('pdata.title') + ' ' + doc.seeker + ' - vieclam';
document.getElementById('back').href = 'seeker.html?id=' + encodeURIComponent(doc.seeker);
// the same document as a file the person can keep (no second request: one provision, one audit
// row), as `vieclam provide` writes it: without the words the server added for this page
const file = { ...doc, access: doc.access.map(({ action_label, kind_label, ...a }) => a) };
delete file.names;
const download = document.getElementById('download');
download.href = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2) + '\n'],
    { type: 'application/json' }));
download.download = 'du-lieu-ca-nhan-' + doc.seeker + '.json';
const print = document.getElementById('print');
print.addEventListener('click', () => window.print());
print.focus();
