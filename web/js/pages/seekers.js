// seekers.js - find a job seeker by id, name (folded on the server: "nguyen van an" finds
// "Nguyễn Văn An"), phone or ID-card number; the list is paged and sorted by the server. A
// province's server of a national exchange lists its provinces' seekers; a box asks for every
// province's (someone who registered elsewhere).

import { t, label, fmtDate } from '../i18n.js';
import { el } from '../ui.js';
import { startPage } from '../shell.js';
import { listPage, placeCell } from '../listpage.js';

await startPage('seekers');

listPage({
    path: 'seekers',
    caption: t('seekers.title'),
    columns: [
        { key: 'id', label: t('seeker.id'), sort: 'id' },
        { key: 'name', label: t('seeker.name'), sort: 'name', cls: 'c-name',
            render: (s) => [s.name, s.phone ? el('span', { class: 'sub-line nowrap' }, s.phone) : null] },
        { key: 'birth_year', label: t('seeker.birth_year'), num: true },
        { key: 'gender', label: t('seeker.gender'), render: (s) => label('gender', s.gender) },
        { key: 'area', label: t('seeker.area'), render: placeCell },
        { key: 'occupations', label: t('seeker.occupations'),
            render: (s) => (s.occupation_titles || []).slice(0, 2).join('; ') },
        { key: 'status', label: t('seeker.status'),
            render: (s) => el('span', { class: 'badge' + (s.status === 'active' ? ' ok' : '') },
                label('status', s.status)) },
        { key: 'registered', label: t('seeker.registered'), sort: 'registered', firstDir: 'desc',
            render: (s) => fmtDate(s.registered) },
    ],
    rowHref: (s) => 'seeker.html?id=' + encodeURIComponent(s.id),
    sort: 'name',
    // personal data is listed only for a search (data minimisation): the page opens empty
    requireQuery: true,
    empty: t('common.no_results'),
    idle: t('seekers.idle'),
});
