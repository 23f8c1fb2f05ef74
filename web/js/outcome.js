// outcome.js - a referral at the desk: made from a seeker's suggestions or a vacancy's shortlist,
// with how it was made (at the desk, at a job fair's booth, by phone, online: the year's report
// counts a fair's referrals and hires by it), then what became of it, recorded where the clerk
// hears it (the referrals page, a vacancy's page while its employer is on the phone, a seeker's
// page while she is):
// the employer's answer while no decision is known (did not attend, interviewed, not hired,
// declined, hired: a hire with its first day and wage), then a hire's follow-ups (still in the
// job on a date: the 3- and 6-month checks).

import { t, label, fmtDate, fmtDateTime } from './i18n.js';
import { get, put, post, ApiError } from './api.js';
import { el, say, sayError, formDialog } from './ui.js';
import { today } from './shell.js';
import { closedList, date, money, choice } from './forms.js';

// The outcomes the server takes, in the user's words (after startPage: they come from /api/meta).
export function outcomes()
{
    return closedList('outcomes', 'outcome',
        ['pending', 'no_show', 'interviewed', 'rejected', 'declined', 'hired']);
}

// How a referral is made, in the user's words (from /api/meta, like the outcomes).
export function channels()
{
    return closedList('channels', 'channel', ['desk', 'fair', 'phone', 'online']);
}

// The fairs held on the desk's today, asked once a page (a referral's channel is chosen by them).
let fairsToday = null;
function todaysFairs()
{
    if (!fairsToday) {
        fairsToday = get('fairs').then((r) => (r.items || []).filter((f) => f.date === today()))
            .catch(() => []);
    }
    return fairsToday;
}

// The fair held today at which vacancy {id, fair?} is offered, or null (its fair asked for when
// the caller knows only the vacancy's id, as a seeker's suggestions do).
async function fairOfToday(vacancy)
{
    const fairs = await todaysFairs();
    if (!fairs.length) return null;
    let fair = vacancy.fair;
    if (fair === undefined) {
        fair = await get('vacancies/' + encodeURIComponent(vacancy.id)).then((v) => v.fair)
            .catch(() => null);
    }
    return fairs.find((f) => f.id === fair) || null;
}

// Asks to confirm referring seeker {id, name} to vacancy {id, title, employer_name}, and how:
// at the fair when the vacancy is offered at a fair held today (said under the choice), at the
// desk otherwise. The OK button has the focus, so Enter refers as most referrals are made.
// A referral made is said in the status line with the link that prints its slip (#print-slip).
// Resolves to the referral made, or null when the clerk cancels.
export async function referDialog(seeker, vacancy, intro)
{
    const how = choice('channel', 'referral.channel', channels());
    const fair = await fairOfToday(vacancy);
    how.input.value = fair ? 'fair' : 'desk';
    if (fair) {
        how.node.append(el('p', { class: 'hint', id: 'channel-fair' },
            t('referral.at_fair', { fair: fair.name })));
        how.input.setAttribute('aria-describedby', 'channel-fair');
    }
    const facts = el('dl', { class: 'facts' },
        el('dt', {}, t('referral.seeker')), el('dd', {}, seeker.name + ' (' + seeker.id + ')'),
        el('dt', {}, t('referral.vacancy')), el('dd', {}, vacancy.title + ' (' + vacancy.id + ')'),
        el('dt', {}, t('vacancy.employer')), el('dd', {}, vacancy.employer_name || ''));
    let made = null;
    const done = await formDialog(t('match.refer.label', { seeker: seeker.name, vacancy: vacancy.id }),
        [intro ? el('p', {}, intro) : null, facts, how.node].filter(Boolean), t('match.refer'),
        async () => {
            made = await post('referrals', { seeker: seeker.id, vacancy: vacancy.id, channel: how.get() });
        }, { focusOk: true });
    if (!done) return null;
    say(t('referral.done', { id: made.id }), 'ok');
    document.getElementById('status').append(' ', el('a', { id: 'print-slip',
        href: 'slip.html?id=' + encodeURIComponent(made.id) }, t('referral.print')));
    return made;
}

// A referral's day and, below it, how it was made.
export function whenCell(r)
{
    return [fmtDateTime(r.at), r.channel ? el('span', { class: 'sub-line' }, label('channel', r.channel)) : ''];
}

// the outcomes after which the employer's decision may still come
export const OPEN = ['pending', 'interviewed'];

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
// follow-up button; any other its label; a decision its date below. saved() runs after an
// outcome is recorded (the page draws its list again). readOnly (an erased person, whom nothing
// more is recorded about): every referral shows only its outcome.
export function outcomeCell(r, saved, { readOnly = false } = {})
{
    const now = r.outcome || 'pending';
    const on = !OPEN.includes(now) && r.outcome_on
        ? el('span', { class: 'sub-line' }, fmtDate(r.outcome_on)) : '';
    if (readOnly) return [label('outcome', now), on]; // an erased person: nothing more is recorded
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
        return [el('span', { class: 'inline' }, label('outcome', now), btn), on];
    }
    if (!OPEN.includes(now)) return [label('outcome', now), on];
    // how long the employer's answer has been awaited: the oldest are the calls to make first
    const days = Math.round((Date.parse(today() + 'T00:00:00Z') - Date.parse(r.at + 'T00:00:00Z')) / 86400000);
    const sel = el('select', { 'aria-label': t('referral.outcome.for', { id: r.id }) },
        outcomes().filter(([code]) => code !== 'pending' || now === 'pending')
            .map(([code, text]) => el('option', { value: code, selected: code === now }, text)));
    const save = el('button', { type: 'button', class: 'btn small secondary',
        'aria-label': t('common.save') + ' ' + r.id }, t('common.save'));
    save.addEventListener('click', async () => {
        if (sel.value === now) return;
        try {
            if (sel.value === 'hired') {
                if (!(await recordHire(r))) return;
            } else {
                await put('referrals/' + encodeURIComponent(r.id) + '/outcome', { outcome: sel.value });
            }
            say(t('referral.outcome.saved', { id: r.id, outcome: label('outcome', sel.value) }), 'ok');
            await saved();
        } catch (e) {
            sayError(e);
        }
    });
    return [el('span', { class: 'inline' }, sel, save),
        days > 0 ? el('span', { class: 'sub-line' }, t('referral.waiting', { n: days })) : ''];
}
