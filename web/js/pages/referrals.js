// referrals.js - the referrals made at the desk, newest first, each with its slip to print and,
// while it is pending, the employer's answer to record (hired, not hired, did not come, ...).

import { t, label, fmtDateTime } from '../i18n.js';
import { get, put } from '../api.js';
import { el, dataTable, say, sayError } from '../ui.js';
import { startPage } from '../shell.js';
import { closedList } from '../forms.js';

await startPage('referrals');

const OUTCOMES = closedList('outcomes', 'outcome', ['pending', 'hired', 'rejected', 'no_show', 'withdrawn']);

// A pending referral gets a choice of answers and a save button; a closed one its label.
function outcomeCell(r)
{
    const now = r.outcome || 'pending';
    if (now !== 'pending') return label('outcome', now);
    const sel = el('select', { 'aria-label': t('referral.outcome.for', { id: r.id }) },
        OUTCOMES.map(([code, text]) => el('option', { value: code, selected: code === now }, text)));
    const save = el('button', { type: 'button', class: 'btn small secondary' }, t('common.save'));
    save.addEventListener('click', async () => {
        if (sel.value === 'pending') return;
        try {
            await put('referrals/' + encodeURIComponent(r.id) + '/outcome', { outcome: sel.value });
            say(t('referral.outcome.saved', { id: r.id, outcome: label('outcome', sel.value) }), 'ok');
            await table.reload();
        } catch (e) {
            sayError(e);
        }
    });
    return el('span', { class: 'inline' }, sel, save);
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
await table.reload();
table.focusFirst();
