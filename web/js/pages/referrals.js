// referrals.js - the referrals made at the desk, newest first, each with its slip to print.

import { t, label, fmtDateTime } from '../i18n.js';
import { get } from '../api.js';
import { el, dataTable } from '../ui.js';
import { startPage } from '../shell.js';

await startPage('referrals');

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
        { key: 'outcome', label: t('referral.outcome'), render: (r) => label('outcome', r.outcome || 'pending') },
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
