// account.js - the signed-in user's own account, for every role: who they are, and changing
// their password (PUT /api/me with the old and the new one). The server checks the old password
// under login's lockout, and signs out the user's other sessions; this one stays.

import { t, fmtDateTime } from '../i18n.js';
import { put } from '../api.js';
import { el, clear, say, sayError, field, showFieldErrors, clearFieldErrors } from '../ui.js';
import { startPage } from '../shell.js';
import { PASSWORD_MIN } from '../forms.js';

const me = await startPage('account');

clear(document.getElementById('who')).append(
    el('dt', {}, t('admin.user.name')), el('dd', {}, me.user),
    el('dt', {}, t('admin.user.role')), el('dd', {}, t('role.' + me.role)),
    el('dt', {}, t('account.session')), el('dd', {}, fmtDateTime(me.expires)));

const form = document.getElementById('pw-form');
const summary = document.getElementById('summary');
const old = el('input', { type: 'password', autocomplete: 'current-password' });
const nw = el('input', { type: 'password', autocomplete: 'new-password', minlength: PASSWORD_MIN });
const again = el('input', { type: 'password', autocomplete: 'new-password' });
const submit = el('button', { type: 'submit', class: 'btn' }, t('account.submit'));
document.getElementById('pw-fields').append(
    field('password', 'account.old', old, { required: true }),
    field('new_password', 'account.new', nw, { required: true, hint: 'account.new.hint' }),
    field('again', 'account.again', again, { required: true }),
    el('div', { class: 'actions wide-row' }, submit));

form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, summary);
    const errs = {};
    if (!old.value) errs.password = t('account.missing');
    if (nw.value.length < PASSWORD_MIN) errs.new_password = t('account.short', { n: PASSWORD_MIN });
    else if (nw.value === old.value) errs.new_password = t('account.same');
    if (!errs.new_password && again.value !== nw.value) errs.again = t('account.mismatch');
    if (Object.keys(errs).length) {
        showFieldErrors(form, errs, summary);
        return;
    }
    submit.disabled = true;
    try {
        await put('me', { password: old.value, new_password: nw.value });
        old.value = nw.value = again.value = '';
        say(t('account.done'), 'ok');
    } catch (e) {
        if (e.status === 400 && Object.keys(e.fields).length) showFieldErrors(form, e.fields, summary);
        else sayError(e);
    } finally {
        submit.disabled = false;
    }
});
