// seekers.js - find a job seeker by id, name (folded on the server: "nguyen van an" finds
// "Nguyễn Văn An"), phone or ID-card number. The server pages and sorts; the query stays in the
// address so Back returns to the same list. Down arrow from the search box goes to the results.

import { t, label, fmtDate } from '../i18n.js';
import { get } from '../api.js';
import { el, dataTable, params, debounce } from '../ui.js';
import { startPage } from '../shell.js';

await startPage('seekers');

const q = document.getElementById('q');
const form = document.getElementById('search');
const table = dataTable({
    caption: t('seekers.title'),
    columns: [
        { key: 'id', label: t('seeker.id'), sort: 'id' },
        { key: 'name', label: t('seeker.name'), sort: 'name',
            render: (s) => [s.name, s.phone ? el('span', { class: 'sub-line' }, s.phone) : null] },
        { key: 'birth_year', label: t('seeker.birth_year'), num: true },
        { key: 'gender', label: t('seeker.gender'), render: (s) => label('gender', s.gender) },
        { key: 'area', label: t('seeker.area'), render: (s) => s.area_name },
        { key: 'occupations', label: t('seeker.occupations'),
            render: (s) => (s.occupation_titles || []).slice(0, 2).join('; ') },
        { key: 'status', label: t('seeker.status'),
            render: (s) => el('span', { class: 'badge' + (s.status === 'active' ? ' ok' : '') },
                label('status', s.status)) },
        { key: 'registered', label: t('seeker.registered'), sort: 'registered', firstDir: 'desc',
            render: (s) => fmtDate(s.registered) },
    ],
    load: (p) => get('seekers', p),
    rowHref: (s) => 'seeker.html?id=' + encodeURIComponent(s.id),
    sort: 'name',
});
document.getElementById('results').append(table.node);

function run()
{
    const text = q.value.trim();
    const url = new URL(window.location.href);
    if (text) url.searchParams.set('q', text);
    else url.searchParams.delete('q');
    window.history.replaceState(null, '', url);
    return table.reload({ q: text });
}

form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    run().then(() => table.focusFirst());
});
q.addEventListener('input', debounce(run, 300));
q.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' && table.focusFirst()) ev.preventDefault();
    if (ev.key === 'Escape' && q.value) {
        q.value = '';
        run();
    }
});

q.value = params().q || '';
run();
q.focus();
