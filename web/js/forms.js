// forms.js - the record forms (seeker, employer, vacancy) built from one list of widgets. Each
// widget knows how to show a value from the API, read it back as the API wants it (codes, ISO
// dates, JSON numbers, arrays) and say a typing problem it can see itself (a date that is not
// dd/mm/yyyy, a number that is not a number). Everything else - the import contract's rules -
// is checked by the server, whose messages appear next to the field (one definition of the
// rules). Enter inside a list adder adds to the list instead of sending the form.

import { t, label, fmtDate, fmtNumber, parseDate, dateShaped, parseNumber, parseMoney } from './i18n.js';
import { get } from './api.js';
import { el, field, select, combobox, tokenList, nextId, showFieldErrors, clearFieldErrors } from './ui.js';
import { language } from './format.js';
import { currentMeta, today } from './shell.js';

// The closed lists come from GET /api/meta (labels in the user's language); the message table
// is the fallback for a server that has none.
export function closedList(metaKey, prefix, codes)
{
    const m = currentMeta()[metaKey];
    if (Array.isArray(m) && m.length) return m.map((x) => [x.code, x.label]);
    return codes.map((c) => [c, label(prefix, c)]);
}

export const EDUCATION = ['none', 'primary', 'lower_secondary', 'upper_secondary', 'elementary',
    'intermediate', 'college', 'university', 'master', 'doctorate'];
export const GENDERS = ['male', 'female', 'other'];
export const PRIORITY = ['poor', 'near_poor', 'disability', 'ethnic_minority', 'rural',
    'demobilised', 'other'];
export const STATUSES = ['active', 'placed', 'withdrawn'];
// The shortest password the server takes (vl_password_acceptable); it checks again.
export const PASSWORD_MIN = 10;
const LANGS = ['en', 'ja', 'ko', 'zh', 'de', 'fr', 'ru'];
const CEFR = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'];
const LEVELS = { ja: ['N5', 'N4', 'N3', 'N2', 'N1', ...CEFR], ko: ['1', '2', '3', '4', '5', '6', ...CEFR] };
export const COUNTRIES = ['JP', 'KR', 'TW', 'DE', 'AU', 'SG', 'MY', 'CN', 'SA', 'RO', 'HU', 'CZ', 'PL',
    'US', 'GB', 'FR', 'IL', 'AE', 'QA', 'NZ', 'CA'];

function keepEnter(input, f)
{
    input.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter') {
            ev.preventDefault();
            f();
        }
    });
}

// ---- the widgets: each {name, node, get() -> value or {error}, set(record)} ------------------

export function text(name, labelKey, o)
{
    const opts = o || {};
    const input = el('input', { type: 'text', autocomplete: opts.autocomplete || 'off',
        inputmode: opts.inputmode, spellcheck: opts.spellcheck === false ? 'false' : undefined,
        maxlength: opts.maxlength });
    return {
        name,
        node: field(name, labelKey, input, opts),
        input,
        get: () => (input.value.trim() === '' ? null : input.value.trim()),
        set: (r) => {
            input.value = r[name] ?? '';
        },
    };
}

export function whole(name, labelKey, o)
{
    const w = text(name, labelKey, { inputmode: 'numeric', ...o });
    w.get = () => {
        const v = parseNumber(w.input.value);
        if (v === null) return null;
        if (!Number.isFinite(v)) return { error: t('err.number') };
        return v;
    };
    return w;
}

export function decimal(name, labelKey, o)
{
    const w = text(name, labelKey, { inputmode: 'decimal', ...o });
    w.get = () => {
        const v = parseNumber(w.input.value);
        if (v === null) return null;
        if (!Number.isFinite(v)) return { error: t('err.number') };
        return v;
    };
    w.set = (r) => {
        const v = r[name];
        // every stored digit is shown (2.25 stays 2,25), so saving unchanged changes nothing
        const dec = typeof v === 'number' ? (String(v).split('.')[1] || '').length : 0;
        w.input.value = typeof v === 'number' ? fmtNumber(v, Math.min(dec, 6)) : '';
    };
    return w;
}

export function money(name, labelKey, o)
{
    const w = text(name, labelKey, { inputmode: 'numeric', ...o });
    w.get = () => {
        const v = parseMoney(w.input.value);
        if (v === null) return null;
        // "7,5" or "7.5": millions written short, said as such
        if (!Number.isFinite(v) && /^\s*\d+[.,]\d{1,2}\s*$/.test(w.input.value)) return { error: t('err.money_small') };
        if (!Number.isFinite(v)) return { error: t('err.money') };
        // a month's pay under 100.000 đồng is a figure typed in millions or thousands
        if (v > 0 && v < 100000) return { error: t('err.money_small') };
        return v;
    };
    w.set = (r) => {
        w.input.value = typeof r[name] === 'number' ? fmtNumber(r[name]) : '';
    };
    // 7200000 -> 7.200.000 when the field is left, so the amount is easy to check
    w.input.addEventListener('blur', () => {
        const v = parseMoney(w.input.value);
        if (Number.isFinite(v) && v !== null) w.input.value = fmtNumber(v);
    });
    return w;
}

export function date(name, labelKey, o)
{
    const w = text(name, labelKey, { hint: 'common.date_hint', inputmode: 'numeric', ...o });
    w.input.placeholder = t('common.date_hint');
    w.get = () => {
        const v = parseDate(w.input.value);
        if (v === null) return { error: t(dateShaped(w.input.value) ? 'err.date_none' : 'err.date') };
        return v === '' ? null : v;
    };
    w.set = (r) => {
        w.input.value = r[name] ? fmtDate(r[name]) : '';
    };
    return w;
}

export function choice(name, labelKey, options, o)
{
    const opts = o || {};
    const s = select([...(opts.empty ? [['', opts.emptyText || t('common.none')]] : []), ...options]);
    return {
        name,
        node: field(name, labelKey, s, opts),
        input: s,
        get: () => (s.value === '' ? null : s.value),
        set: (r) => {
            const v = r[name] ?? (opts.empty ? '' : options[0][0]);
            // a stored value this list does not offer is kept (shown by its label), never
            // dropped on the next save
            if (v !== '' && ![...s.options].some((o) => o.value === v)) {
                s.append(el('option', { value: v }, r[name + '_title'] || r[name + '_name'] ||
                    (opts.prefix ? label(opts.prefix, v) : v)));
            }
            s.value = v;
        },
    };
}

export function checks(name, labelKey, options)
{
    const boxes = options.map(([code, text]) => {
        const id = nextId('c-' + name);
        const cb = el('input', { type: 'checkbox', id, value: code, name });
        return { code, cb, node: el('label', { class: 'check', for: id }, cb, text) };
    });
    const fs = el('fieldset', { class: 'field wide', dataset: { field: name } },
        el('legend', { class: 'label' }, t(labelKey)),
        el('div', { class: 'checks' }, boxes.map((b) => b.node)),
        el('p', { class: 'field-error', id: nextId('err'), hidden: true }));
    return {
        name,
        node: fs,
        get: () => boxes.filter((b) => b.cb.checked).map((b) => b.code),
        set: (r) => {
            const v = r[name] || [];
            boxes.forEach((b) => {
                b.cb.checked = v.includes(b.code);
            });
        },
    };
}

// A record chosen by name from a look-up (an employer, a commune): the API gets its code, the
// field shows its name. opts.search(q) -> [{value, label, detail}]; opts.nameKey is the member
// of the record holding the name beside the code (default NAME_name).
export function lookup(name, labelKey, o)
{
    const opts = o || {};
    let code = null;
    const cb = combobox({
        search: opts.search,
        onPick: (it, input) => {
            code = it.value;
            input.value = it.label;
        },
        onType: () => {
            code = null;
        },
    });
    const node = field(name, labelKey, cb.input, { ...opts, node: cb.node });
    return {
        name,
        node,
        input: cb.input,
        get: () => {
            if (code) return code;
            const v = cb.input.value.trim();
            return v === '' ? null : v; // a typed code goes to the server, which judges it
        },
        set: (r) => {
            code = r[name] || null;
            cb.input.value = r[opts.nameKey || name + '_name'] || r[name] || '';
        },
    };
}

// A commune (or any area valid today) chosen by name.
export function area(name, labelKey, o)
{
    return lookup(name, labelKey, {
        hint: 'seeker.form.area_hint',
        ...o,
        search: async (q) => ((await get('areas', { q, size: 12, as_of: today() })).items || [])
            .map((a) => ({ value: a.code, label: a.name, detail: a.parent_name || '' })),
    });
}

// One occupation (a vacancy's) or an ordered list of them (a seeker's wishes).
export function occupations(name, labelKey, o)
{
    const opts = o || {};
    let single = null;
    const tokens = opts.multiple ? tokenList({ ordered: true, focusAfterRemove: () => cb.input.focus() }) : null;
    const cb = combobox({
        search: async (q) => {
            const r = await get('occupations', { q, size: 12 });
            return (r.items || []).map((x) => ({ value: x.code, label: x.title, detail: x.code }));
        },
        onPick: (it, input) => {
            if (tokens) {
                tokens.add({ value: it.value, label: it.label + ' (' + it.value + ')' });
                input.value = '';
            } else {
                single = it.value;
                input.value = it.label + ' (' + it.value + ')';
            }
        },
        onType: () => {
            single = null;
        },
        enterWithoutList: true,
    });
    const node = field(name, labelKey, cb.input, { hint: 'seeker.form.occ_hint', ...opts,
        node: tokens ? el('div', {}, tokens.node, cb.node) : cb.node });
    return {
        name,
        node,
        input: cb.input,
        get: () => {
            if (tokens) return tokens.values();
            if (single) return single;
            const v = cb.input.value.trim();
            const m = /\(([0-9]{1,4})\)$/.exec(v);
            return v === '' ? null : (m ? m[1] : v);
        },
        set: (r) => {
            const titles = r[name + '_titles'] || [];
            if (tokens) {
                tokens.set((r[name] || []).map((c, i) => ({ value: c,
                    label: (titles[i] || c) + ' (' + c + ')' })));
            } else {
                single = r[name] || null;
                const title = r[name.replace(/s?$/, '') + '_title'] || r.occupation_title;
                cb.input.value = single ? (title ? title + ' (' + single + ')' : single) : '';
            }
        },
    };
}

// Free-text items (skills): Enter or ";" adds one; a pasted "a; b" adds both.
export function items(name, labelKey, o)
{
    const input = el('input', { type: 'text', autocomplete: 'off' });
    const tokens = tokenList({ focusAfterRemove: () => input.focus() });
    const addTyped = () => {
        for (const part of input.value.split(';')) {
            const v = part.trim().replace(/\s+/g, ' ');
            if (v) tokens.add({ value: v, label: v, key: v.toLowerCase() });
        }
        input.value = '';
    };
    keepEnter(input, addTyped);
    input.addEventListener('input', () => {
        if (input.value.includes(';')) addTyped();
    });
    input.addEventListener('keydown', (ev) => {
        if (ev.key === 'Backspace' && input.value === '') tokens.removeLast();
    });
    input.addEventListener('blur', addTyped);
    const node = field(name, labelKey, input, { hint: 'seeker.form.skills_hint', ...o,
        node: el('div', {}, tokens.node, input) });
    return {
        name,
        node,
        input,
        get: () => {
            addTyped();
            return tokens.values();
        },
        set: (r) => tokens.set((r[name] || []).map((v) => ({ value: v, label: v, key: v.toLowerCase() }))),
    };
}

// Languages as "ja:N3": a language, a level (JLPT for Japanese, TOPIK for Korean, CEFR) and Add.
export function languages(name, labelKey)
{
    const lang = select(LANGS.map((c) => [c, label('lang', c)]));
    lang.classList.add('narrow');
    const level = el('select', { class: 'narrow' });
    const fillLevels = () => {
        level.replaceChildren(...(LEVELS[lang.value] || CEFR).map((l) => el('option', { value: l }, l)));
    };
    fillLevels();
    lang.addEventListener('change', fillLevels);
    lang.setAttribute('aria-label', t('lang.language'));
    level.setAttribute('aria-label', t('lang.level'));
    const tokens = tokenList({ focusAfterRemove: () => lang.focus() });
    const add = el('button', { type: 'button', class: 'btn secondary' }, t('common.add'));
    add.addEventListener('click', () => {
        const v = lang.value + ':' + level.value;
        tokens.add({ value: v, label: language(v), key: lang.value });
    });
    const fs = el('fieldset', { class: 'field span2', dataset: { field: name } },
        el('legend', { class: 'label' }, t(labelKey)), tokens.node,
        el('div', { class: 'inline' }, lang, level, add),
        el('p', { class: 'field-error', id: nextId('err'), hidden: true }));
    return {
        name,
        node: fs,
        get: () => tokens.values(),
        set: (r) => tokens.set((r[name] || []).map((v) => ({ value: v, label: language(v),
            key: v.split(':')[0] }))),
    };
}

// Countries accepted for work abroad: "any" or a list.
export function countries(name, labelKey)
{
    const anyId = nextId('any');
    const any = el('input', { type: 'checkbox', id: anyId });
    const pick = select(COUNTRIES.map((c) => [c, label('country', c)]));
    pick.classList.add('narrow');
    pick.setAttribute('aria-label', t('common.abroad'));
    const tokens = tokenList({ focusAfterRemove: () => pick.focus() });
    const add = el('button', { type: 'button', class: 'btn secondary' }, t('common.add'));
    add.addEventListener('click', () => tokens.add({ value: pick.value, label: label('country', pick.value) }));
    const sync = () => {
        pick.disabled = any.checked;
        add.disabled = any.checked;
    };
    any.addEventListener('change', sync);
    const fs = el('fieldset', { class: 'field span2', dataset: { field: name } },
        el('legend', { class: 'label' }, t(labelKey)),
        el('label', { class: 'check', for: anyId }, any, t('seeker.abroad.any')), tokens.node,
        el('div', { class: 'inline' }, pick, add),
        el('p', { class: 'field-error', id: nextId('err'), hidden: true }));
    return {
        name,
        node: fs,
        get: () => (any.checked ? ['*'] : tokens.values()),
        set: (r) => {
            const v = r[name] || [];
            any.checked = v.includes('*');
            tokens.set(v.filter((c) => c !== '*').map((c) => ({ value: c, label: label('country', c) })));
            sync();
        },
    };
}

// ---- the form as a whole -----------------------------------------------------------------------

// Reads every widget into a record; typing problems are shown at their fields and make it
// return null.
export function readForm(form, widgets, summary)
{
    const rec = {};
    const problems = [];
    for (const w of widgets) {
        const v = w.get();
        if (v && typeof v === 'object' && !Array.isArray(v) && 'error' in v) {
            problems.push({ field: w.name, message: v.error });
        } else {
            rec[w.name] = v;
        }
    }
    if (problems.length) {
        showFieldErrors(form, problems, summary);
        return null;
    }
    clearFieldErrors(form, summary);
    return rec;
}

export function fillForm(widgets, record)
{
    for (const w of widgets) w.set(record);
}
