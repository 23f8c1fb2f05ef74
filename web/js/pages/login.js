// login.js - the login page: POST /api/login {user, password}, then on to the page the user
// came from (?next=, same site only) or the home of their role. Errors are said in the status
// line without telling whether the user name exists.

import { t, lang, setLang, applyI18n } from '../i18n.js';
import { request, get, setCsrf } from '../api.js';
import { say, params } from '../ui.js';
import { homeFor } from '../shell.js';

const form = document.getElementById('login');
const user = document.getElementById('user');
const password = document.getElementById('password');
const submit = document.getElementById('submit');
const langBtn = document.getElementById('lang');

function safeNext(next)
{
    // only a page of this desk: no scheme, no other host, no path outside it
    if (!next || !/^\/?[a-z-]+\.html(\?[^#]*)?$/.test(next.replace(/^.*\//, '/'))) return null;
    return next.replace(/^.*\//, '');
}

function paint()
{
    applyI18n();
    langBtn.textContent = t('lang.switch');
    langBtn.setAttribute('aria-label', t('lang.switch.label'));
    langBtn.setAttribute('lang', lang() === 'vi' ? 'en' : 'vi');
    document.title = t('login.title') + ' - vieclam';
}

langBtn.addEventListener('click', () => {
    setLang(lang() === 'vi' ? 'en' : 'vi');
    paint();
});

form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!user.value.trim() || !password.value) {
        say(t('login.missing'), 'error');
        (user.value.trim() ? password : user).focus();
        return;
    }
    submit.disabled = true;
    submit.textContent = t('login.busy');
    try {
        const r = await request('POST', '/api/login', { user: user.value.trim(),
            password: password.value }, { noRedirect: true });
        setCsrf(r && r.csrf);
        let role = r && r.role;
        if (!role) role = (await get('session', {}, { noRedirect: true })).role;
        const next = safeNext(params().next);
        window.location.assign(next || homeFor(role));
        return;
    } catch (e) {
        password.value = '';
        if (e.status === 401) say(t('login.failed'), 'error');
        else if (e.status === 429 || e.code === 'locked') {
            say(e.retryAfter ? t('login.locked.for', { min: Math.ceil(e.retryAfter / 60) })
                : t('login.locked'), 'error');
        }
        else if (e.status === 0) say(t('err.network'), 'error');
        else if (e.status === 503) say(t('err.busy'), 'error');
        else say(e.message || t('err.server'), 'error');
        password.focus();
    }
    submit.disabled = false;
    submit.textContent = t('login.submit');
});

paint();
document.body.classList.add('ready');
const reason = params().reason;
if (reason === 'expired') say(t('login.expired'), 'info');
else if (reason === 'logged_out') say(t('login.logged_out'), 'ok');
user.focus();
