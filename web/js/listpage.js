// listpage.js - the search pages (seekers, vacancies, employers): a search box whose text stays
// in the address (so Back returns to the same list), a server-paged table under it, search as
// one types, Enter to search and go to the first row, Down arrow into the rows, Escape to clear.

import { get } from './api.js';
import { el, dataTable, params, debounce } from './ui.js';
import { currentMeta } from './shell.js';

// A list's area cell: the commune, and under it the commune's province when that is not the
// server's (a province's server of a national exchange lists other provinces' records when
// asked, and employers always), since namesakes of communes lie in several provinces.
export function placeCell(r)
{
    const mine = currentMeta().provinces || [];
    return mine.length && r.area_parent && r.area_parent_name && !mine.includes(r.area_parent)
        ? [r.area_name, el('span', { class: 'sub-line' }, r.area_parent_name)] : r.area_name;
}

// cfg: the dataTable's {caption, columns, rowHref, sort, dir} plus path (the API list) and
// filters() -> extra query parameters (e.g. {open: true}). A page's #everywhere box (in
// #everywhere-box) is shown by a province's server of a national exchange only, which lists its
// provinces' records; ticked, the list is every province's.
export function listPage(cfg)
{
    const q = document.getElementById('q');
    const form = document.getElementById('search');
    const everywhere = document.getElementById('everywhere');
    if (everywhere)
        document.getElementById('everywhere-box').hidden = !(currentMeta().provinces || []).length;
    const table = dataTable({ ...cfg, load: (p) => get(cfg.path, p) });
    document.getElementById('results').append(table.node);

    function run()
    {
        const text = q.value.trim();
        const url = new URL(window.location.href);
        if (text) url.searchParams.set('q', text);
        else url.searchParams.delete('q');
        window.history.replaceState(null, '', url);
        if (cfg.requireQuery && !text) return Promise.resolve(table.idle(cfg.idle));
        return table.reload({ q: text, ...(cfg.filters ? cfg.filters() : {}),
            ...(everywhere && everywhere.checked ? { everywhere: 'true' } : {}) });
    }
    const typed = debounce(run, 300);
    form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        typed.cancel();
        run().then(() => table.focusFirst());
    });
    form.addEventListener('change', (ev) => {
        if (ev.target !== q) run();
    });
    q.addEventListener('input', typed);
    q.addEventListener('keydown', (ev) => {
        if (ev.key === 'ArrowDown' && table.focusFirst()) ev.preventDefault();
        if (ev.key === 'Escape' && q.value) {
            q.value = '';
            typed.cancel();
            run();
        }
    });
    q.value = params().q || '';
    run();
    q.focus();
    return table;
}
