// shell.js - what every desk page does first: ask the server who is signed in (GET /api/session;
// a 401 goes to the login page) and for the desk's facts (GET /api/meta: the centre's name, the
// served date, the labels of the closed lists), take the user's language and CSRF token, draw the
// header with the sections this role may open (and the user's own account page), and fill the
// page's marked text. Pages call
// startPage() and get the user back.

import { t, setLang, lang, applyI18n, useServedLabels } from './i18n.js';
import { get, put, post, setCsrf, loginUrl } from './api.js';
import { el, clear, sayError } from './ui.js';

// The sections of the desk, in menu order, and the roles that may open them (the server
// refuses the rest with 403 anyway; this only keeps the menu honest).
export const SECTIONS = [
    { page: 'seekers', href: 'seekers.html', key: 'nav.seekers', roles: ['staff'] },
    { page: 'vacancies', href: 'vacancies.html', key: 'nav.vacancies', roles: ['staff'] },
    { page: 'employers', href: 'employers.html', key: 'nav.employers', roles: ['staff'] },
    { page: 'referrals', href: 'referrals.html', key: 'nav.referrals', roles: ['staff'] },
    { page: 'fair', href: 'fair.html', key: 'nav.fair', roles: ['staff'] },
    { page: 'planner', href: 'planner.html', key: 'nav.planner', roles: ['planner'] },
    { page: 'admin', href: 'admin.html', key: 'nav.admin', roles: ['admin'] },
    { page: 'import', href: 'import.html', key: 'nav.import', roles: ['staff', 'planner', 'admin'] },
];

export function homeFor(role)
{
    const s = SECTIONS.find((x) => x.roles.includes(role));
    return s ? s.href : 'login.html';
}

let me = null;
let meta = null;
export function currentUser()
{
    return me;
}
export function currentMeta()
{
    return meta || {};
}

function header(section)
{
    const top = document.getElementById('top');
    if (!top) return;
    clear(top);
    const nav = el('nav', { class: 'nav', 'aria-label': t('nav.label') });
    const ul = el('ul');
    for (const s of SECTIONS) {
        if (!s.roles.includes(me.role)) continue;
        const a = el('a', { href: s.href }, t(s.key));
        if (s.page === section) a.setAttribute('aria-current', 'page');
        ul.append(el('li', {}, a));
    }
    nav.append(ul);
    const langBtn = el('button', { type: 'button', class: 'btn link lang-switch',
        'aria-label': t('lang.switch.label'), lang: lang() === 'vi' ? 'en' : 'vi' },
    t('lang.switch'));
    langBtn.addEventListener('click', async () => {
        const next = lang() === 'vi' ? 'en' : 'vi';
        try {
            await put('me', { lang: next });
        } catch (e) {
            // the choice still holds in this browser
        }
        setLang(next);
        window.location.reload();
    });
    const out = el('button', { type: 'button', class: 'btn link' }, t('user.logout'));
    out.addEventListener('click', async () => {
        try {
            await post('logout', {});
        } catch (e) {
            // the session ends on the server anyway when it expires
        }
        try { // a draft kept for a session that expired is not left for the next person
            for (const k of Object.keys(sessionStorage)) if (k.startsWith('vl.draft.')) sessionStorage.removeItem(k);
        } catch (e) {
            // no storage: nothing kept
        }
        window.location.assign('login.html?reason=logged_out');
    });
    const brand = el('a', { class: 'brand', href: homeFor(me.role) },
        el('img', { src: 'img/logo.svg', alt: '', width: 28, height: 28 }),
        el('span', { class: 'brand-name' }, meta.centre || t('app.tagline')));
    const who = el('span', { class: 'who' }, t('user.signed_in', { user: me.user,
        role: t('role.' + me.role) }));
    const account = el('a', { class: 'btn link', href: 'account.html' }, t('user.account'));
    if (section === 'account') account.setAttribute('aria-current', 'page');
    top.append(el('div', { class: 'bar' }, brand,
        el('div', { class: 'user' }, who, account, langBtn, out)), nav);
}

// Starts a desk page: section names the menu entry to mark. Resolves to the user
// {user, role, lang, csrf, expires}; never resolves when the user must log in first.
export async function startPage(section)
{
    try {
        [me, meta] = await Promise.all([get('session'), get('meta')]);
    } catch (e) {
        if (e.status === 401) {
            window.location.replace(loginUrl());
            return new Promise(() => {});
        }
        applyI18n();
        sayError(e);
        throw e;
    }
    if (me.lang === 'vi' || me.lang === 'en') setLang(me.lang);
    useServedLabels(meta || {});
    setCsrf(me.csrf);
    header(section);
    applyI18n();
    const title = document.querySelector('title');
    if (title) title.textContent = title.textContent + ' - vieclam';
    const allowed = SECTIONS.find((s) => s.page === section);
    if (allowed && !allowed.roles.includes(me.role)) {
        window.location.replace(homeFor(me.role));
    }
    document.body.classList.add('ready');
    return me;
}

// The desk's "today": the server's date (a demo database is served as of the sample's date);
// before /api/meta has answered, the browser's own local date (not the UTC one, which in Vietnam
// is yesterday until 7 in the morning).
export function today()
{
    if (meta && meta.today) return meta.today;
    const d = new Date(), p = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate());
}
