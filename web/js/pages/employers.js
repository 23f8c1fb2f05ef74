// employers.js - find an employer by id or name words (folded); paged and sorted by the server.

import { t } from '../i18n.js';
import { startPage } from '../shell.js';
import { listPage, placeCell } from '../listpage.js';

await startPage('employers');

listPage({
    path: 'employers',
    caption: t('employers.title'),
    columns: [
        { key: 'id', label: t('employer.id'), sort: 'id' },
        { key: 'name', label: t('employer.name'), sort: 'name' },
        { key: 'industry', label: t('employer.industry'), render: (e) => e.industry_title },
        { key: 'area', label: t('employer.area'), render: placeCell },
    ],
    rowHref: (e) => 'employer.html?id=' + encodeURIComponent(e.id),
    sort: 'name',
});
