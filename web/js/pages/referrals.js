// referrals.js - the referrals made at the desk, newest first, each with its slip to print and
// what became of it (outcome.js: the employer's answer to record while none is known, a hire's
// follow-ups); filtered by outcome (no decision yet: the calls to make) and by who referred.

import { t, fmtDate, fmtNumber, parseDate } from '../i18n.js';
import { get } from '../api.js';
import { el, dataTable, say } from '../ui.js';
import { startPage, today, currentUser } from '../shell.js';
import { outcomes, outcomeCell, whenCell, OPEN } from '../outcome.js';

await startPage('referrals');

const table = dataTable({
    caption: t('referrals.recent'),
    columns: [
        { key: 'id', label: t('referral.id'), sort: 'id', num: true },
        { key: 'at', label: t('referral.at'), sort: 'at', firstDir: 'desc', render: whenCell },
        { key: 'seeker', label: t('referral.seeker'), render: (r) => el('a', {
            href: 'seeker.html?id=' + encodeURIComponent(r.seeker) }, r.seeker_name || r.seeker) },
        { key: 'vacancy', label: t('referral.vacancy'), render: (r) => [el('a', {
            href: 'vacancy.html?id=' + encodeURIComponent(r.vacancy) }, r.title || r.vacancy),
        el('span', { class: 'sub-line' }, r.employer_name || '')] },
        { key: 'by', label: t('referral.by') },
        { key: 'outcome', label: t('referral.outcome'), render: (r) => outcomeCell(r, () => table.reload()) },
        { key: 'slip', label: t('referral.print'), render: (r) => el('a', {
            href: 'slip.html?id=' + encodeURIComponent(r.id), 'aria-label': t('referral.print') + ' ' + r.id },
        t('referral.print')) },
    ],
    load: (p) => get('referrals', p).then((r) => {
        counted(p.from ? r.outcomes : null); // without a first day only the open ones are read
        return r;
    }),
    rowHref: (r) => 'slip.html?id=' + encodeURIComponent(r.id),
    sort: 'at',
    dir: 'desc',
});
document.getElementById('results').append(table.node);

// The period listed (the server never lists a whole table): the last 90 days by default.
const DAYS = 90;
const fromBox = document.getElementById('f-from');
const toBox = document.getElementById('f-to');
const start = new Date(today() + 'T00:00:00Z');
start.setUTCDate(start.getUTCDate() - DAYS);
fromBox.value = fmtDate(start.toISOString().slice(0, 10));
// The outcome wanted: any, no decision yet (the calls to make) or one outcome; and only the
// referrals the signed-in clerk made.
const outcomeBox = document.getElementById('f-outcome');
const mineBox = document.getElementById('f-mine');
const OPTIONS = [['', t('referrals.f.all')], ['open', t('referrals.f.open')], ...outcomes()];
outcomeBox.append(...OPTIONS.map(([code, text]) => el('option', { value: code }, text)));
// Each choice with how many referrals of the period (and clerk) it keeps, as the server counted
// (by null: the choices without counts).
function counted(by)
{
    const n = (code) => (code === '' ? Object.values(by).reduce((a, b) => a + b, 0)
        : code === 'open' ? (by.pending || 0) + (by.interviewed || 0) : by[code] || 0);
    OPTIONS.forEach(([code, text], i) => {
        outcomeBox.options[i].textContent = by ? text + ' (' + fmtNumber(n(code)) + ')' : text;
    });
}
// Referrals still awaiting a decision are listed however old they are: choosing them empties
// the first day while it is still the default one.
const UNDECIDED = ['open', ...OPEN];
const defaultFrom = fromBox.value;
outcomeBox.addEventListener('change', () => {
    if (UNDECIDED.includes(outcomeBox.value) && fromBox.value === defaultFrom) fromBox.value = '';
    else if (!UNDECIDED.includes(outcomeBox.value) && !fromBox.value.trim()) fromBox.value = defaultFrom;
});
function period()
{
    const from = parseDate(fromBox.value), to = parseDate(toBox.value);
    const fromBad = from === null || (!from && !UNDECIDED.includes(outcomeBox.value));
    if (fromBad || to === null) {
        say(t(fromBad ? 'referrals.from.bad' : 'err.date'), 'error');
        (fromBad ? fromBox : toBox).focus();
        return null;
    }
    const p = {};
    if (from) p.from = from;
    if (to) p.to = to;
    if (outcomeBox.value) p.outcome = outcomeBox.value;
    if (mineBox.checked && currentUser()) p.by = currentUser().user;
    return p;
}
document.getElementById('filter').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const p = period();
    if (!p) return;
    say('');
    await table.reload(p);
});
await table.reload(period());
table.focusFirst();
