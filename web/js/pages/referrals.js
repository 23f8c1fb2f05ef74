// referrals.js - the referrals made at the desk, newest first, each with its slip to print and,
// while no decision is known, the employer's answer to record (did not attend, interviewed, not
// hired, declined, hired: a hire with its first day and wage); a hire's follow-ups (still in the
// job on a date: the 3- and 6-month checks).

import { t, label, fmtDate, fmtDateTime, parseDate } from '../i18n.js';
import { get, put, post, ApiError } from '../api.js';
import { el, dataTable, say, sayError, formDialog } from '../ui.js';
import { startPage, today, currentUser } from '../shell.js';
import { closedList, date, money, choice } from '../forms.js';

await startPage('referrals');

const OUTCOMES = closedList('outcomes', 'outcome',
    ['pending', 'no_show', 'interviewed', 'rejected', 'declined', 'hired']);
// an outcome after which the employer's decision may still come
const OPEN = ['pending', 'interviewed'];

// A widget's value, or an ApiError naming its field (shown in the dialog).
function need(w, required)
{
    const v = w.get();
    if (v && v.error) throw new ApiError(400, 'invalid', '', { [w.name]: v.error });
    if (v === null && required) throw new ApiError(400, 'invalid', '', { [w.name]: t('common.required_field') });
    return v;
}

// A hire needs its first day (and may have its wage): asked in a dialog, then recorded.
function recordHire(r)
{
    const start = date('start_on', 'referral.start_on', { required: true });
    const wage = money('wage', 'referral.wage', { hint: 'referral.wage.hint' });
    start.input.value = fmtDate(today());
    return formDialog(t('referral.hire.title', { id: r.id, seeker: r.seeker_name || r.seeker }),
        [start.node, wage.node], t('common.save'), async () => {
            const body = { outcome: 'hired', start_on: need(start, true) };
            const w = need(wage, false);
            if (w !== null) body.wage = w;
            await put('referrals/' + encodeURIComponent(r.id) + '/outcome', body);
        });
}

// A follow-up of a hire: on a date, is the person still in the job?
function recordFollowup(r)
{
    const on = date('checked_on', 'followup.on', { required: true });
    const still = choice('employed', 'followup.employed',
        [['yes', t('followup.yes')], ['no', t('followup.no')]]);
    on.input.value = fmtDate(today());
    return formDialog(t('followup.title', { id: r.id, seeker: r.seeker_name || r.seeker }),
        [on.node, still.node], t('common.save'), async () => {
            await post('referrals/' + encodeURIComponent(r.id) + '/followups',
                { checked_on: need(on, true), employed: still.get() === 'yes' });
        }).then((done) => done && { on: on.get(), employed: still.get() === 'yes' });
}

// An open referral gets a choice of answers and a save button; a hire its label and a
// follow-up button; any other its label.
function outcomeCell(r)
{
    const now = r.outcome || 'pending';
    if (now === 'hired') {
        const btn = el('button', { type: 'button', class: 'btn small secondary',
            'aria-label': t('followup.record.for', { id: r.id }) }, t('followup.record'));
        btn.addEventListener('click', async () => {
            const f = await recordFollowup(r);
            if (f) {
                say(t(f.employed ? 'followup.saved.yes' : 'followup.saved.no',
                    { id: r.id, date: fmtDate(f.on) }), 'ok');
            }
        });
        return el('span', { class: 'inline' }, label('outcome', now), btn);
    }
    if (!OPEN.includes(now)) return label('outcome', now);
    // how long the employer's answer has been awaited: the oldest are the calls to make first
    const days = Math.round((Date.parse(today() + 'T00:00:00Z') - Date.parse(r.at + 'T00:00:00Z')) / 86400000);
    const sel = el('select', { 'aria-label': t('referral.outcome.for', { id: r.id }) },
        OUTCOMES.filter(([code]) => code !== 'pending' || now === 'pending')
            .map(([code, text]) => el('option', { value: code, selected: code === now }, text)));
    const save = el('button', { type: 'button', class: 'btn small secondary',
        'aria-label': t('common.save') + ' ' + r.id }, t('common.save'));
    save.addEventListener('click', async () => {
        if (sel.value === now) return;
        const saved = () => say(t('referral.outcome.saved',
            { id: r.id, outcome: label('outcome', sel.value) }), 'ok');
        try {
            if (sel.value === 'hired') {
                if (!(await recordHire(r))) return;
            } else {
                await put('referrals/' + encodeURIComponent(r.id) + '/outcome', { outcome: sel.value });
            }
            saved();
            await table.reload();
        } catch (e) {
            sayError(e);
        }
    });
    return [el('span', { class: 'inline' }, sel, save),
        days > 0 ? el('span', { class: 'sub-line' }, t('referral.waiting', { n: days })) : ''];
}

const table = dataTable({
    caption: t('referrals.recent'),
    columns: [
        { key: 'id', label: t('referral.id'), sort: 'id', num: true },
        { key: 'at', label: t('referral.at'), sort: 'at', firstDir: 'desc', render: (r) => fmtDateTime(r.at) },
        { key: 'seeker', label: t('referral.seeker'), render: (r) => el('a', {
            href: 'seeker.html?id=' + encodeURIComponent(r.seeker) }, r.seeker_name || r.seeker) },
        { key: 'vacancy', label: t('referral.vacancy'), render: (r) => [el('a', {
            href: 'vacancy.html?id=' + encodeURIComponent(r.vacancy) }, r.title || r.vacancy),
        el('span', { class: 'sub-line' }, r.employer_name || '')] },
        { key: 'by', label: t('referral.by') },
        { key: 'outcome', label: t('referral.outcome'), render: outcomeCell },
        { key: 'slip', label: t('referral.print'), render: (r) => el('a', {
            href: 'slip.html?id=' + encodeURIComponent(r.id), 'aria-label': t('referral.print') + ' ' + r.id },
        t('referral.print')) },
    ],
    load: (p) => get('referrals', p),
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
outcomeBox.append(el('option', { value: '' }, t('referrals.f.all')),
    el('option', { value: 'open' }, t('referrals.f.open')),
    ...OUTCOMES.map(([code, text]) => el('option', { value: code }, text)));
function period()
{
    const from = parseDate(fromBox.value), to = parseDate(toBox.value);
    if (!from || to === null) {
        say(t(!from ? 'referrals.from.bad' : 'err.date'), 'error');
        (!from ? fromBox : toBox).focus();
        return null;
    }
    const p = to ? { from, to } : { from };
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
