// admin.js - administration: the users (add one; disable or enable one, with a confirmation;
// reset a forgotten password) and the access audit of personal data (who saw or changed which
// record, when), paged on the server and filtered by user or record.

import { t, label, fmtDateTime } from '../i18n.js';
import { get, post, put, ApiError } from '../api.js';
import { el, clear, say, sayError, dataTable, confirmDialog, formDialog, field, select,
    showFieldErrors, clearFieldErrors } from '../ui.js';
import { startPage, currentUser } from '../shell.js';
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
        t('admin.user.' + k + '.explain'), t('admin.user.' + k)))) return;
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
    clear(document.getElementById('users')).append(el('table', { class: 'data' },
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
        }))));
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

// the audit
const audit = dataTable({
    caption: t('admin.audit'),
    columns: [
        { key: 'at', label: t('audit.at'), render: (a) => fmtDateTime(a.at) },
        { key: 'user', label: t('audit.user') },
        { key: 'action', label: t('audit.action'), render: (a) => label('audit.a', a.action) },
        { key: 'kind', label: t('audit.kind'), render: (a) => label('audit.k', a.kind) },
        { key: 'record', label: t('audit.record') },
        { key: 'detail', label: t('audit.detail') },
    ],
    load: (p) => get('audit', p),
    size: 20,
});
document.getElementById('audit').append(audit.node);
document.getElementById('audit-filter').addEventListener('submit', (ev) => {
    ev.preventDefault();
    audit.reload({ user: document.getElementById('f-user').value.trim(),
        record: document.getElementById('f-record').value.trim() });
});

await loadUsers();
await audit.reload();
