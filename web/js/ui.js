// ui.js - the desk's building blocks, written once for every page: a DOM builder (text goes in
// through textContent only, so a stored "<script>" shows as text), the status line, server-paged
// and server-sorted tables, form errors shown next to their field, comboboxes for occupations
// and communes, token lists for skills, and dialogs. Everything works with the keyboard alone:
// Tab order follows the page, Enter acts, Escape closes, the arrow keys move through lists.

import { t, fmtNumber, fmtDate } from './i18n.js';
import { ApiError } from './api.js';

let uid = 0;
export function nextId(prefix)
{
    uid += 1;
    return (prefix || 'ui') + '-' + uid;
}

// el('a', {href: 'x', class: 'btn', on: {click: f}}, 'text', child, ...)
export function el(tag, attrs, ...children)
{
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
        if (v === undefined || v === null || v === false) continue;
        if (k === 'class') e.className = v;
        else if (k === 'on') for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f);
        else if (k === 'dataset') Object.assign(e.dataset, v);
        else if (k === 'text') e.textContent = v;
        else if (k in e && typeof v !== 'string') e[k] = v;
        else e.setAttribute(k, v === true ? '' : v);
    }
    append(e, children);
    return e;
}

export function append(parent, children)
{
    for (const c of children.flat()) {
        if (c === null || c === undefined || c === false) continue;
        parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return parent;
}

export function clear(node)
{
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
}

export function $(sel, root)
{
    return (root || document).querySelector(sel);
}

// ---- the status line and errors --------------------------------------------------------------

// Says msg in the page's status line (a polite live region); kind: 'ok', 'error', 'info'. The
// message stays until the next one: nothing vanishes while a person is still reading it or is
// about to use a link in it (the slip's). where: the id of another status line of the page (a
// part read far from the top, as a fair's booths).
export function say(msg, kind, where)
{
    const box = document.getElementById(where || 'status');
    if (!box) return;
    box.className = 'status status-' + (kind || 'info');
    box.textContent = msg;
    box.hidden = !msg;
}

// The words for an error from api.js: the server's own message (already in the user's language)
// when it has one, else ours for the status.
export function errorText(err)
{
    if (!(err instanceof ApiError)) return t('err.server');
    if (err.status === 0) return t('err.network');
    if (err.status === 503) return t('err.busy');
    if (err.status === 403) return t('err.forbidden');
    if (err.message && err.message !== err.code && err.message !== String(err.status)) {
        // the library's messages start in lower case (they are also parts of longer ones);
        // shown alone, as a sentence, they start with a capital
        return err.message.charAt(0).toLocaleUpperCase() + err.message.slice(1);
    }
    if (err.status === 404) return t('err.not_found');
    if (err.status === 409) return t('err.conflict');
    if (err.status === 400) return t('err.invalid');
    return t('err.server');
}

export function sayError(err)
{
    say(errorText(err), 'error');
}

// A record page whose record cannot be read (unknown id, no right, no network): only the
// reason and a way back stay on the page. Never returns normally: it throws to stop the page.
export function failPage(err, backHref, backKey)
{
    document.querySelectorAll('main > section, main > .page-head .actions, main > article, main > form')
        .forEach((n) => {
            n.hidden = true;
        });
    sayError(err);
    const box = document.getElementById('status');
    if (box && backHref) {
        box.append(' ', el('a', { href: backHref, id: 'back-link' }, t(backKey || 'common.back')));
        document.getElementById('back-link').focus();
    }
    throw err;
}

// ---- forms -----------------------------------------------------------------------------------

// A labelled field: <div class="field" data-field=NAME><label>..</label>CONTROL<p hint><p error>
// opts: required, hint (message key), wide, node (what to insert when the control sits inside a
// widget, e.g. a combobox's wrapper).
export function field(name, labelKey, control, opts)
{
    const o = opts || {};
    const id = control.id || nextId('f-' + name);
    control.id = id;
    if (!control.name) control.name = name;
    const hintId = id + '-hint';
    const errId = id + '-err';
    const described = [];
    const lab = el('label', { for: id }, t(labelKey));
    if (o.required) lab.append(' ', el('span', { class: 'req', 'aria-hidden': 'true' }, '*'));
    const hint = o.hint ? el('p', { class: 'hint', id: hintId }, t(o.hint)) : null;
    if (hint) described.push(hintId);
    const err = el('p', { class: 'field-error', id: errId, hidden: true });
    if (described.length) control.setAttribute('aria-describedby', described.join(' '));
    if (o.required) control.setAttribute('aria-required', 'true');
    return el('div', { class: 'field' + (o.wide ? ' wide' : ''), dataset: { field: name } },
        lab, o.node || control, hint, err);
}

// Shows the server's per-field messages next to each field (the "fields" of a 400 invalid: an
// object {field: message}, or a list of {field, message}); messages for a field the form does
// not have go to the summary. Returns how many were shown.
// The columns a record's rule may name beside the field it is about ("before referred_on
// '2026-03-01'") that are not fields of the form at hand, by their label.
const OTHER_FIELDS = { referred_on: 'referral.at', posted: 'vacancy.posted', registered: 'seeker.registered' };

// A server's message about a field as a person reads it: a date as the desk writes dates, a
// quoted amount grouped by thousands, and a column's name (age_min) as its label on the form.
export function readableMessage(message, form)
{
    let s = String(message).replace(/'(\d{4}-\d{2}-\d{2})'/g, (m, d) => "'" + fmtDate(d) + "'")
        .replace(/'(\d{5,})'/g, (m, n) => "'" + fmtNumber(Number(n)) + "'");
    const labelOf = (name) => {
        const wrap = form && form.querySelector('[data-field="' + CSS.escape(name) + '"]');
        const lab = wrap && wrap.querySelector('label');
        if (lab) return lab.textContent.replace(/\s*\*\s*$/, '').trim();
        return OTHER_FIELDS[name] ? t(OTHER_FIELDS[name]) : null;
    };
    // a column's name: with an underscore anywhere, or a plain word just before a quoted value
    s = s.replace(/\b([a-z]+_[a-z_]+)\b|\b([a-z]+)(?= ')/g, (m, a, b) => {
        const l = labelOf(a || b);
        return l ? '«' + l + '»' : m;
    });
    // a sentence of its own next to the field: its first letter a capital
    return s.charAt(0).toLocaleUpperCase() + s.slice(1);
}

export function showFieldErrors(form, fieldsIn, summary)
{
    clearFieldErrors(form, summary);
    const fields = Array.isArray(fieldsIn) ? fieldsIn
        : Object.entries(fieldsIn || {}).map(([field, message]) => ({ field, message }));
    let first = null;
    const loose = [];
    for (const f of fields) {
        const wrap = form.querySelector('[data-field="' + CSS.escape(f.field || '') + '"]');
        if (!wrap) {
            loose.push(f.message);
            continue;
        }
        const err = wrap.querySelector('.field-error');
        const ctl = wrap.querySelector('input, select, textarea');
        const msg = readableMessage(f.message, form);
        err.textContent = err.hidden ? msg : err.textContent + ' ' + msg;
        err.hidden = false;
        wrap.classList.add('invalid');
        if (ctl) {
            ctl.setAttribute('aria-invalid', 'true');
            const d = (ctl.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
            if (!d.includes(err.id)) d.unshift(err.id);
            ctl.setAttribute('aria-describedby', d.join(' '));
        }
    }
    // the cursor goes to the first field in error as the form reads, whatever order the
    // server named them in
    first = form.querySelector('.field.invalid input, .field.invalid select, .field.invalid textarea');
    if (summary && loose.length === fields.length && fields.length) {
        // nothing to show next to a field (a dialog asking only part of the record): the
        // messages themselves
        summary.hidden = false;
        clear(summary);
        summary.append(...loose.map((m) => el('p', {}, readableMessage(m, form))));
    } else if (summary) {
        summary.hidden = false;
        clear(summary);
        summary.append(el('p', {}, t('common.fix_fields', { n: fields.length })));
        if (loose.length) summary.append(el('ul', {}, loose.map((m) => el('li', {}, readableMessage(m, form)))));
    }
    if (first) first.focus();
    else if (summary) summary.focus();
    return fields.length;
}

export function clearFieldErrors(form, summary)
{
    form.querySelectorAll('.field.invalid').forEach((w) => {
        w.classList.remove('invalid');
        const err = w.querySelector('.field-error');
        err.hidden = true;
        err.textContent = '';
        const ctl = w.querySelector('[aria-invalid]');
        if (ctl) ctl.removeAttribute('aria-invalid');
    });
    if (summary) {
        summary.hidden = true;
        clear(summary);
    }
}

export function select(options, value)
{
    const s = el('select');
    for (const [v, text] of options) {
        const o = el('option', { value: v }, text);
        if (v === (value ?? '')) o.selected = true;
        s.append(o);
    }
    return s;
}

// ---- tables paged and sorted by the server ---------------------------------------------------

// cfg: {caption, columns: [{key, label, sort (server key or false), render(row) -> Node|text,
//       num (right-aligned)}], load(params) -> Promise<{items,total,page,size}>,
//       rowHref(row), size, sort, dir, empty}
// Returns {node, reload(extra), focusFirst()}.
export function dataTable(cfg)
{
    const state = { page: 1, size: cfg.size || 20, sort: cfg.sort || '', dir: cfg.dir || 'asc',
        extra: {} };
    const table = el('table', { class: 'data' });
    const cap = el('caption', { class: cfg.captionVisible ? '' : 'sr-only' }, cfg.caption || '');
    const thead = el('thead');
    const tbody = el('tbody');
    table.append(cap, thead, tbody);
    const count = el('p', { class: 'count', 'aria-live': 'polite' });
    const prev = el('button', { type: 'button', class: 'btn secondary' }, '‹ ', t('common.prev'));
    const next = el('button', { type: 'button', class: 'btn secondary' }, t('common.next'), ' ›');
    const pageText = el('span', { class: 'page-text' });
    const pager = el('nav', { class: 'pager', 'aria-label': cfg.caption || '' }, prev, pageText,
        next);
    const empty = el('p', { class: 'empty', hidden: true }, cfg.empty || t('common.no_results'));
    const node = el('div', { class: 'table-wrap' }, count, el('div', { class: 'scroll' }, table),
        empty, pager);

    function header()
    {
        clear(thead);
        const tr = el('tr');
        for (const c of cfg.columns) {
            const th = el('th', { scope: 'col', class: [c.num ? 'num' : '', c.cls || ''].join(' ').trim() });
            if (c.sort) {
                const active = state.sort === c.sort;
                th.setAttribute('aria-sort', active ? (state.dir === 'asc' ? 'ascending'
                    : 'descending') : 'none');
                const b = el('button', { type: 'button', class: 'sort' + (active ? ' active' : ''),
                    title: t('common.sort_by', { col: c.label }) }, c.label,
                el('span', { class: 'arrow', 'aria-hidden': 'true' },
                    active ? (state.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'));
                b.addEventListener('click', () => {
                    if (state.sort === c.sort) state.dir = state.dir === 'asc' ? 'desc' : 'asc';
                    else {
                        state.sort = c.sort;
                        state.dir = c.firstDir || 'asc';
                    }
                    state.page = 1;
                    load().then(() => {
                        const again = thead.querySelector('button.sort.active');
                        if (again) again.focus();
                    });
                });
                th.append(b);
            } else {
                th.append(c.label);
            }
            tr.append(th);
        }
        thead.append(tr);
    }

    async function load()
    {
        header();
        node.setAttribute('aria-busy', 'true');
        let res;
        try {
            const q = { page: state.page, size: state.size, ...state.extra };
            if (state.sort) q.sort = (state.dir === 'desc' ? '-' : '') + state.sort;
            res = await cfg.load(q);
        } catch (e) {
            node.removeAttribute('aria-busy');
            sayError(e);
            return;
        }
        node.removeAttribute('aria-busy');
        clear(tbody);
        const items = res.items || [];
        for (const row of items) {
            const tr = el('tr');
            cfg.columns.forEach((c, i) => {
                let v = c.render ? c.render(row) : row[c.key];
                if (v === null || v === undefined || v === '') v = t('common.none');
                if (i === 0 && cfg.rowHref) {
                    v = el('a', { href: cfg.rowHref(row), class: 'row-link' }, v);
                }
                tr.append(el(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : undefined,
                    class: [c.num ? 'num' : '', c.cls || ''].join(' ').trim() }, v));
            });
            tbody.append(tr);
        }
        const total = res.total ?? items.length;
        const size = res.size || state.size;
        const pages = Math.max(1, Math.ceil(total / size));
        state.page = res.page || state.page;
        count.textContent = t('common.results', { n: fmtNumber(total) });
        pageText.textContent = t('common.page', { page: fmtNumber(state.page),
            pages: fmtNumber(pages) });
        prev.disabled = state.page <= 1;
        next.disabled = state.page >= pages;
        pager.hidden = pages <= 1;
        empty.textContent = cfg.empty || t('common.no_results');
        empty.hidden = items.length > 0;
        table.hidden = items.length === 0;
    }

    prev.addEventListener('click', () => {
        state.page -= 1;
        load().then(() => (prev.disabled ? next : prev).focus());
    });
    next.addEventListener('click', () => {
        state.page += 1;
        load().then(() => (next.disabled ? prev : next).focus());
    });
    // Up and down arrows move between the rows' links.
    tbody.addEventListener('keydown', (ev) => {
        if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
        const links = [...tbody.querySelectorAll('a.row-link')];
        const i = links.indexOf(document.activeElement);
        if (i < 0) return;
        const j = ev.key === 'ArrowDown' ? i + 1 : i - 1;
        if (j >= 0 && j < links.length) {
            links[j].focus();
            ev.preventDefault();
        }
    });

    return {
        node,
        reload(extra)
        {
            if (extra) state.extra = extra;
            state.page = 1;
            return load();
        },
        // No list at all (a search page before anything is typed): only the message.
        idle(message)
        {
            clear(tbody);
            table.hidden = true;
            pager.hidden = true;
            count.textContent = '';
            empty.textContent = message || '';
            empty.hidden = !message;
        },
        focusFirst()
        {
            const a = tbody.querySelector('a.row-link');
            if (a) a.focus();
            return !!a;
        },
    };
}

// ---- combobox (occupations, communes, employers) ---------------------------------------------

// A text input that looks things up as one types and offers a listbox; arrows move, Enter picks,
// Escape closes. search(text) -> Promise<[{value, label, detail}]>; onPick(item) is called with
// the chosen item. The ARIA 1.2 combobox pattern (aria-activedescendant on the input).
export function combobox(opts)
{
    const input = el('input', { type: 'text', role: 'combobox', autocomplete: 'off',
        'aria-autocomplete': 'list', 'aria-expanded': 'false', spellcheck: 'false' });
    const list = el('ul', { role: 'listbox', class: 'listbox', id: nextId('lb'), hidden: true });
    input.setAttribute('aria-controls', list.id);
    const wrap = el('div', { class: 'combo' }, input, list);
    let items = [];
    let active = -1;
    let timer = null;
    let seq = 0;

    function close()
    {
        list.hidden = true;
        input.setAttribute('aria-expanded', 'false');
        input.removeAttribute('aria-activedescendant');
        active = -1;
    }
    function mark(i)
    {
        active = i;
        [...list.children].forEach((li, k) => li.setAttribute('aria-selected', String(k === i)));
        if (i >= 0 && list.children[i]) {
            input.setAttribute('aria-activedescendant', list.children[i].id);
            list.children[i].scrollIntoView({ block: 'nearest' });
        }
    }
    function pick(i)
    {
        const it = items[i];
        if (!it) return;
        close();
        opts.onPick(it, input);
    }
    async function lookup()
    {
        const q = input.value.trim();
        const mine = ++seq;
        if (q.length < (opts.minChars ?? 1)) {
            close();
            return;
        }
        let found;
        try {
            found = await opts.search(q);
        } catch (e) {
            sayError(e);
            return;
        }
        if (mine !== seq) return;
        items = found;
        clear(list);
        items.forEach((it, k) => {
            const li = el('li', { role: 'option', id: list.id + '-' + k, 'aria-selected': 'false' },
                el('span', { class: 'opt-label' }, it.label),
                it.detail ? el('span', { class: 'opt-detail' }, it.detail) : null);
            li.addEventListener('mousedown', (ev) => {
                ev.preventDefault();
                pick(k);
            });
            list.append(li);
        });
        if (items.length === 0) {
            list.append(el('li', { class: 'opt-none', role: 'option', 'aria-disabled': 'true' },
                t('common.no_results')));
        }
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
        mark(items.length ? 0 : -1);
    }
    input.addEventListener('input', () => {
        if (opts.onType) opts.onType(input);
        clearTimeout(timer);
        timer = setTimeout(lookup, 150);
    });
    input.addEventListener('keydown', (ev) => {
        if (ev.key === 'ArrowDown') {
            if (list.hidden) lookup();
            else mark(Math.min(active + 1, items.length - 1));
            ev.preventDefault();
        } else if (ev.key === 'ArrowUp') {
            if (!list.hidden) mark(Math.max(active - 1, 0));
            ev.preventDefault();
        } else if (ev.key === 'Enter') {
            if (!list.hidden && active >= 0) {
                pick(active);
                ev.preventDefault();
            } else if (opts.enterWithoutList) {
                ev.preventDefault();
            }
        } else if (ev.key === 'Escape') {
            clearTimeout(timer);
            seq += 1; // an answer still on its way must not reopen the list
            if (!list.hidden) {
                close();
                ev.preventDefault();
                ev.stopPropagation();
            }
        }
    });
    input.addEventListener('blur', () => setTimeout(close, 100));
    return { node: wrap, input, close };
}

// ---- token lists (skills, occupations, languages, countries) --------------------------------

// A list of removable chips. items: [{value, label}]. Each chip's remove button is named
// "Remove <label>"; Backspace in an empty adder removes the last chip.
export function tokenList(opts)
{
    const values = [];
    const ul = el('ul', { class: 'tokens', 'aria-live': 'polite' });
    function render()
    {
        clear(ul);
        values.forEach((it, i) => {
            const rm = el('button', { type: 'button', class: 'token-rm',
                'aria-label': t('common.remove', { item: it.label }) }, '×');
            rm.addEventListener('click', () => {
                values.splice(i, 1);
                render();
                if (opts.focusAfterRemove) opts.focusAfterRemove();
            });
            ul.append(el('li', { class: 'token' },
                opts.ordered ? el('span', { class: 'token-n' }, String(i + 1) + '.') : null,
                el('span', {}, it.label), rm));
        });
        if (opts.onChange) opts.onChange(values);
    }
    return {
        node: ul,
        add(it)
        {
            if (values.some((v) => v.key === (it.key ?? it.value))) return false;
            values.push({ ...it, key: it.key ?? it.value });
            render();
            return true;
        },
        removeLast()
        {
            if (values.length) {
                values.pop();
                render();
            }
        },
        set(list)
        {
            values.length = 0;
            for (const it of list) values.push({ ...it, key: it.key ?? it.value });
            render();
        },
        values: () => values.map((v) => v.value),
    };
}

// ---- dialogs ---------------------------------------------------------------------------------

// A modal dialog (the native <dialog>: Escape closes it, focus stays inside). Resolves to true
// when the OK button is pressed, false otherwise. body: Node or text. A form dialog with
// nothing to send. opts.danger: an action that cannot be undone (an erasure, a locked
// account): the OK button says so by its colour and the focus starts on Cancel, so that a
// reflexive Enter cancels.
export function confirmDialog(title, body, okText, opts = {})
{
    return formDialog(title, [body], okText, async () => {}, opts);
}

// A modal form: its fields (nodes made with field()), OK and Cancel. submit(form) runs on OK
// (or Enter); when it resolves the dialog closes and formDialog resolves to true; when it
// throws an ApiError with fields (a 400) they are shown at their fields (those the dialog has
// no field for above them, announced) and the dialog stays;
// any other error closes it and is said on the page. Esc or Cancel resolves to false. The focus
// goes to the first field (without fields, or with opts.focusOk: OK; Cancel with opts.danger), and
// back to where it was afterwards.
export function formDialog(title, nodes, okText, submit, opts = {})
{
    return new Promise((resolve) => {
        const ok = el('button', { type: 'submit', class: opts.danger ? 'btn danger' : 'btn primary' },
            okText || t('common.save'));
        const cancel = el('button', { type: 'button', class: 'btn secondary' }, t('common.cancel'));
        const h = el('h2', { id: nextId('dlg') }, title);
        // what the server refuses of a field the dialog does not show (a vacancy already
        // filled, a referral made earlier today) is said here, never dropped
        const summary = el('div', { class: 'summary', role: 'alert', tabindex: '-1', hidden: true });
        const form = el('form', { novalidate: true }, h, summary, el('div', { class: 'dlg-body' }, nodes),
            el('div', { class: 'actions' }, ok, cancel));
        const dlg = el('dialog', { 'aria-labelledby': h.id }, form);
        document.body.append(dlg);
        const back = document.activeElement;
        let done = false;
        cancel.addEventListener('click', () => dlg.close());
        dlg.addEventListener('close', () => {
            dlg.remove();
            if (back && back.focus) back.focus();
            resolve(done);
        });
        form.addEventListener('submit', async (ev) => {
            ev.preventDefault();
            clearFieldErrors(form, summary);
            ok.disabled = true;
            try {
                await submit(form);
                done = true;
                dlg.close();
            } catch (e) {
                if (e && e.status === 400 && e.fields && Object.keys(e.fields).length) {
                    showFieldErrors(form, e.fields, summary);
                } else {
                    dlg.close();
                    sayError(e);
                }
            } finally {
                ok.disabled = false;
            }
        });
        dlg.showModal();
        const first = form.querySelector('input, select, textarea');
        (opts.focusOk ? ok : first || (opts.danger ? cancel : ok)).focus();
    });
}

// Debounce for search-as-you-type.
// f after ms of quiet; .cancel() drops a call still waiting (a search submitted by Enter
// before the typing's own search ran, which would redraw the table under the cursor).
export function debounce(f, ms)
{
    let timer = null;
    const d = (...args) => {
        clearTimeout(timer);
        timer = setTimeout(() => f(...args), ms);
    };
    d.cancel = () => clearTimeout(timer);
    return d;
}

// The query string of this page as an object.
export function params()
{
    return Object.fromEntries(new URLSearchParams(window.location.search));
}
