// employer.js - one employer: name, industry (its section's title), address, phone, how many of
// its vacancies take applications today, and its vacancies (paged on the server, each saying
// whether it is open); from here a new vacancy is registered for it.

import { t, fmtDate, fmtNumber, label } from '../i18n.js';
import { get } from '../api.js';
import { el, say, sayError, params, dataTable, failPage } from '../ui.js';
import { startPage } from '../shell.js';
import { facts, placeName, wageRange } from '../format.js';

await startPage('employers');

const id = params().id;
let e;
try {
    e = await get('employers/' + encodeURIComponent(id));
} catch (err) {
    failPage(err, 'employers.html', 'employers.find');
}
if (params().saved) say(t('employer.saved', { id: e.id }), 'ok');
document.getElementById('name').textContent = e.name;
document.getElementById('summary').textContent = [e.id, e.area_name].filter(Boolean).join(' · ');
document.title = e.name + ' - vieclam';
const edit = document.getElementById('edit');
edit.href = 'employer-form.html?id=' + encodeURIComponent(e.id);
edit.setAttribute('aria-label', t('employer.form.edit', { id: e.id }));
document.getElementById('add-vacancy').href = 'vacancy-form.html?employer=' + encodeURIComponent(e.id);
facts(document.getElementById('facts'), [
    ['employer.industry', e.industry_title ? e.industry + ' – ' + e.industry_title : e.industry],
    ['employer.area', placeName(e)],
    ['employer.address', e.address],
    ['employer.phone', e.phone],
    ['employer.vacancies', e.vacancies != null ? t('employer.vacancy_counts', {
        open: fmtNumber(e.open_vacancies), all: fmtNumber(e.vacancies) }) : null],
]);

const table = dataTable({
    caption: t('employer.vacancies'),
    columns: [
        { key: 'id', label: t('vacancy.id'), sort: 'id' },
        { key: 'title', label: t('vacancy.title'), sort: 'title' },
        { key: 'area', label: t('vacancy.area'), render: (v) => (v.country && v.country !== 'VN'
            ? label('country', v.country) : v.area_name) },
        { key: 'wage', label: t('vacancy.wage'), num: true, cls: 'wage',
            render: (v) => wageRange(v.wage_min, v.wage_max) },
        { key: 'positions', label: t('vacancy.positions'), num: true, render: (v) => fmtNumber(v.positions) },
        { key: 'closes', label: t('vacancy.closes'), sort: 'closes',
            render: (v) => (v.closes ? fmtDate(v.closes) : t('vacancy.no_closing')) },
        { key: 'open', label: t('employer.vacancy.state'),
            render: (v) => t(v.open ? 'employer.vacancy.open' : 'employer.vacancy.closed') },
    ],
    load: (p) => get('vacancies', { ...p, employer: id }),
    rowHref: (v) => 'vacancy.html?id=' + encodeURIComponent(v.id),
    sort: 'posted',
    dir: 'desc',
    size: 10,
});
document.getElementById('vacancies').append(table.node);
await table.reload();
