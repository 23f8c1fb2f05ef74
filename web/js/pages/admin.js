// admin.js - administration: the users (add one; disable or enable one, with a confirmation;
// reset a forgotten password), a person's right to erasure (seekers erased on request, and those
// the retention rule reaches; ids and dates only, never a name) and the access audit of personal
// data (who saw or changed which record, when), paged on the server, filtered by user, record,
// action and period, and the same rows as an Excel workbook for an inspection. The audit's words
// (actions, kinds, details) are the server's (audit.c), one definition for the page and the file.

import { t, fmtDateTime, fmtDate, parseDate } from '../i18n.js';
import { get, post, put, ApiError } from '../api.js';
import { el, clear, say, sayError, dataTable, confirmDialog, formDialog, field, select,
    showFieldErrors, clearFieldErrors } from '../ui.js';
import { startPage, currentUser, currentMeta } from '../shell.js';
import { PASSWORD_MIN } from '../forms.js';

await startPage('admin');

const ROLES = ['staff', 'planner', 'admin'];

// Asks for a new password for user and sets it (PUT /api/users/{name}); the server ends the
// user's sessions. Resolves to true when it was set.
function resetPassword(user)
{
    const input = el('input', { type: 'password', autocomplete: 'new-password',
        minlength: PASSWORD_MIN });
    return formDialog(t('admin.user.reset.title', { user }), [
        el('p', {}, t('admin.user.reset.explain')),
        field('password', 'account.new', input, { required: true, hint: 'admin.user.password.hint' }),
    ], t('admin.user.reset'), async () => {
        if (input.value.length < PASSWORD_MIN) {
            throw new ApiError(400, 'invalid', '', { password: t('account.short', { n: PASSWORD_MIN }) });
        }
        await put('users/' + encodeURIComponent(user), { password: input.value });
    });
}

// A confirmed change of one user (disable or enable), then the list again.
async function setDisabled(u, disabled)
{
    const k = disabled ? 'disable' : 'enable';
    if (!(await confirmDialog(t('admin.user.' + k + '.confirm', { user: u.name }),
        t('admin.user.' + k + '.explain'), t('admin.user.' + k), { danger: disabled }))) return;
    try {
        await put('users/' + encodeURIComponent(u.name), { disabled });
        say(t(disabled ? 'admin.user.disabled.done' : 'admin.user.enabled.done', { user: u.name }),
            'ok');
        await loadUsers();
    } catch (e) {
        sayError(e);
    }
}

async function loadUsers()
{
    let r;
    try {
        r = await get('users');
    } catch (e) {
        sayError(e);
        return;
    }
    const me = currentUser().user;
    // on an exchange of many provinces the accounts carry one ('' is every province): the
    // column shows only then, a centre's own database has none
    const byProvince = (r.items || []).some((u) => u.province);
    clear(document.getElementById('users')).append(el('div', { class: 'scroll' },
        el('table', { class: 'data' },
        el('caption', { class: 'sr-only' }, t('admin.users')),
        el('thead', {}, el('tr', {}, ['admin.user.name', 'admin.user.role', 'admin.user.status',
            ...(byProvince ? ['admin.user.province'] : []), 'admin.user.last_login',
            'common.actions'].map((k) => el('th', { scope: 'col' }, t(k))))),
        el('tbody', {}, (r.items || []).map((u) => {
            // one's own account: its password on the Account page, and never disabled here
            const act = el('div', { class: 'row-actions' });
            if (u.name !== me) {
                const reset = el('button', { type: 'button', class: 'btn small secondary',
                    'aria-label': t('admin.user.reset') + ' ' + u.name }, t('admin.user.reset'));
                reset.addEventListener('click', async () => {
                    if (await resetPassword(u.name))
                        say(t('admin.user.reset.done', { user: u.name }), 'ok');
                });
                const k = u.disabled ? 'enable' : 'disable';
                const toggle = el('button', { type: 'button',
                    class: 'btn small ' + (u.disabled ? 'secondary' : 'danger'),
                    'aria-label': t('admin.user.' + k) + ' ' + u.name }, t('admin.user.' + k));
                toggle.addEventListener('click', () => setDisabled(u, !u.disabled));
                act.append(reset, toggle);
            }
            return el('tr', {}, el('th', { scope: 'row' }, u.name),
                el('td', {}, t('role.' + u.role)),
                el('td', {}, el('span', { class: 'badge ' + (u.disabled ? 'bad' : 'ok') },
                    t(u.disabled ? 'admin.user.disabled' : 'admin.user.active'))),
                ...(byProvince ? [el('td', {}, !u.province ? t('admin.user.every_province')
                    : u.province_name ? el('span', {}, u.province_name,
                        el('span', { class: 'note' }, ' (' + u.province + ')')) : u.province)] : []),
                el('td', {}, fmtDateTime(u.last_login)), el('td', {}, act));
        })))));
}

// adding a user
const form = document.getElementById('add-user');
const summary = document.getElementById('summary');
const name = el('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' });
const role = select(ROLES.map((r) => [r, t('role.' + r)]));
const password = el('input', { type: 'password', autocomplete: 'new-password' });
form.append(el('h3', { class: 'wide-row' }, t('admin.user.add')),
    field('name', 'admin.user.name', name, { required: true }),
    field('role', 'admin.user.role', role),
    field('password', 'admin.user.password', password, { required: true, hint: 'admin.user.password.hint' }),
    el('div', { class: 'actions wide-row' }, el('button', { type: 'submit', class: 'btn' }, t('admin.user.add'))));
form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, summary);
    try {
        await post('users', { name: name.value.trim(), role: role.value, password: password.value });
        say(t('admin.user.added', { user: name.value.trim() }), 'ok');
        name.value = '';
        password.value = '';
        await loadUsers();
    } catch (e) {
        if (e.status === 400 && Object.keys(e.fields).length) showFieldErrors(form, e.fields, summary);
        else sayError(e);
    }
});

// A detail may list a hundred ids with no space between them: the line may break after each
// comma (<wbr>, so a copy keeps the text as written), not across the page.
function breakable(text)
{
    const span = el('span', {});
    text.split(',').forEach((part, i) => {
        if (i) span.append(',', el('wbr', {}));
        span.append(part);
    });
    return span;
}

// the audit
const audit = dataTable({
    caption: t('admin.audit'),
    columns: [
        { key: 'at', label: t('audit.at'), render: (a) => fmtDateTime(a.at), cls: 'nowrap' },
        { key: 'user', label: t('audit.user') },
        { key: 'action', label: t('audit.action'), render: (a) => a.action_label },
        { key: 'kind', label: t('audit.kind'), render: (a) => a.kind_label },
        { key: 'record', label: t('audit.record') },
        { key: 'detail', label: t('audit.detail'), render: (a) => (a.detail_text ? breakable(a.detail_text) : ''),
            cls: 'c-ids' },
    ],
    load: (p) => get('audit', p),
    size: 20,
});
document.getElementById('audit').append(audit.node);
const auditForm = document.getElementById('audit-filter');
const actionSel = document.getElementById('f-action');
actionSel.append(el('option', { value: '' }, t('audit.filter.any')),
    ...(currentMeta().audit_actions || []).map((a) => el('option', { value: a.code }, a.label)));
const download = document.getElementById('audit-download');
// the period: two dates dd/mm/yyyy, each with its message at the field
for (const [name, key] of [['from', 'audit.filter.from'], ['to', 'audit.filter.to']]) {
    const input = el('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off',
        placeholder: t('common.date_hint') });
    const f = field(name, key, input);
    f.classList.add('narrow');
    auditForm.insertBefore(f, document.getElementById('audit-search'));
}

// The filters as query parameters, or null when a date is not one (said at its field).
function auditFilters()
{
    clearFieldErrors(auditForm, null);
    const p = {}, errs = {};
    for (const k of ['user', 'record', 'action']) {
        const v = auditForm.elements[k].value.trim();
        if (v) p[k] = v;
    }
    for (const k of ['from', 'to']) {
        const v = parseDate(auditForm.elements[k].value);
        if (v === null) errs[k] = t('err.date');
        else if (v) p[k] = v;
    }
    if (!errs.to && p.from && p.to && p.to < p.from) errs.to = t('audit.filter.order');
    if (Object.keys(errs).length) {
        showFieldErrors(auditForm, errs, null); // a filter, not a record: no "not saved" summary
        return null;
    }
    return p;
}

// the workbook of what the filters keep (every row, not only this page's)
function setDownload(p)
{
    download.href = '/api/audit.xlsx' + (Object.keys(p).length ? '?' + new URLSearchParams(p) : '');
}
setDownload({});
auditForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = auditFilters();
    if (!p) return;
    setDownload(p);
    audit.reload(p);
});

// ---- erasure (Decree 13/2023/NĐ-CP) ------------------------------------------------------------
const eraseForm = document.getElementById('erase-form');
const eraseSummary = document.getElementById('erase-summary');
const eraseIds = el('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' });
const eraseReason = el('input', { type: 'text', autocomplete: 'off', maxlength: 200 });
eraseForm.append(
    field('seekers', 'erase.ids', eraseIds, { required: true, hint: 'erase.ids.hint' }),
    field('reason', 'erase.reason', eraseReason, { required: true, hint: 'erase.reason.hint', wide: true }),
    el('div', { class: 'actions wide-row' },
        el('button', { type: 'submit', class: 'btn danger', id: 'erase-run' }, t('erase.run'))));

// Erases ids after a confirmation; resolves to the server's answer, or null when not confirmed.
async function erase(ids, reason)
{
    if (!(await confirmDialog(t('erase.confirm', { n: ids.length }),
        t('erase.confirm.explain', { ids: ids.slice(0, 10).join(', ') + (ids.length > 10 ? ', ...' : '') }),
        t('erase.run'), { danger: true }))) return null;
    const r = await post('erasures', { seekers: ids, reason });
    say(t(r.wal_emptied || r.vacuumed ? 'erase.done' : r.owner_must_vacuum ? 'erase.done.vacuum' : 'erase.done.wal', { n: r.erased })
        + (r.already ? ' ' + t('erase.already', { n: r.already }) : ''), 'ok');
    await audit.reload();
    return r;
}

eraseForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(eraseForm, eraseSummary);
    const ids = eraseIds.value.split(/[\s,;]+/).filter(Boolean);
    const errs = {};
    if (!ids.length) errs.seekers = t('erase.ids.missing');
    if (!eraseReason.value.trim()) errs.reason = t('erase.reason.missing');
    if (Object.keys(errs).length) {
        showFieldErrors(eraseForm, errs, eraseSummary);
        return;
    }
    try {
        if (await erase(ids, eraseReason.value.trim())) {
            eraseIds.value = '';
            eraseReason.value = '';
            await loadRetention();
        }
    } catch (e) {
        if (e instanceof ApiError && e.status === 404) showFieldErrors(eraseForm, { seekers: e.message }, eraseSummary);
        else if (e instanceof ApiError && e.fields && Object.keys(e.fields).length) {
            showFieldErrors(eraseForm, e.fields, eraseSummary);
        } else sayError(e);
    }
});

// the seekers without activity for the retention rule's years: ids and the last activity's date
async function loadRetention()
{
    const box = clear(document.getElementById('retention'));
    let r;
    try {
        r = await get('retention');
    } catch (e) {
        sayError(e);
        return;
    }
    if (!r.total) {
        box.append(el('p', { id: 'retention-none' }, t('erase.retention.none', { years: r.years })));
        return;
    }
    box.append(el('p', { id: 'retention-count' }, t('erase.retention.count', { n: r.total, years: r.years })));
    const rows = r.items.slice(0, 20).map((x) => el('tr', {}, el('td', {}, x.seeker),
        el('td', {}, fmtDate(x.last_active))));
    box.append(el('div', { class: 'scroll' }, el('table', { class: 'data' },
        el('caption', {}, t('erase.retention')),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('erase.seeker')),
            el('th', { scope: 'col' }, t('erase.last_active')))),
        el('tbody', {}, rows))));
    const all = el('button', { type: 'button', class: 'btn danger', id: 'retention-erase' },
        t('erase.retention.run', { n: r.items.length }));
    all.addEventListener('click', async () => {
        try {
            if (await erase(r.items.map((x) => x.seeker), t('erase.retention.reason', { years: r.years })))
                await loadRetention();
        } catch (e) {
            sayError(e);
        }
    });
    box.append(el('div', { class: 'actions' }, all));
}

await loadUsers();
await loadRetention();
await audit.reload();
document.body.classList.add('loaded'); // every section drawn (the browser test waits for it)
