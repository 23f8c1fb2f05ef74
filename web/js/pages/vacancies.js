// vacancies.js - find a vacancy by id, title words (folded), open ones only by default; paged
// and sorted by the server.

import { t, label, fmtDate, fmtNumber } from '../i18n.js';
import { el } from '../ui.js';
import { startPage, today } from '../shell.js';
import { listPage, placeCell } from '../listpage.js';
import { wageRange } from '../format.js';

await startPage('vacancies');

const open = document.getElementById('open');
listPage({
    path: 'vacancies',
    caption: t('vacancies.title'),
    columns: [
        { key: 'id', label: t('vacancy.id'), sort: 'id' },
        { key: 'title', label: t('vacancy.title'), sort: 'title',
            render: (v) => [v.title, el('span', { class: 'sub-line' }, v.employer_name || '')] },
        { key: 'occupation', label: t('vacancy.occupation'), render: (v) => v.occupation_title },
        { key: 'area', label: t('vacancy.area'), render: (v) => (v.country && v.country !== 'VN'
            ? label('country', v.country) : placeCell(v)) },
        { key: 'wage', label: t('vacancy.wage'), num: true, cls: 'wage',
            render: (v) => wageRange(v.wage_min, v.wage_max) },
        { key: 'positions', label: t('vacancy.positions'), num: true, render: (v) => fmtNumber(v.positions) },
        { key: 'posted', label: t('vacancy.posted'), sort: 'posted', firstDir: 'desc', render: (v) => fmtDate(v.posted) },
        { key: 'closes', label: t('vacancy.closes'), sort: 'closes',
            render: (v) => (v.closes ? fmtDate(v.closes) : t('vacancy.no_closing')) },
    ],
    rowHref: (v) => 'vacancy.html?id=' + encodeURIComponent(v.id),
    sort: 'posted',
    dir: 'desc',
    filters: () => (open.checked ? { open: 'true', as_of: today() } : {}),
});
