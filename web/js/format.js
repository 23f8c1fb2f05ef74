// format.js - record values shown as words, the same on every page: areas by name, occupations
// by their Vietnamese title (the code after it, small), languages as "Tiếng Nhật N3", countries
// by name, lists joined. Values may come as objects from the API ({code, name}) or bare codes.

import { t, label, fmtMoney, fmtNumber } from './i18n.js';
import { el } from './ui.js';

export function areaName(a)
{
    if (!a) return t('common.none');
    if (typeof a === 'string') return a;
    return a.name || a.code || t('common.none');
}

// A record's commune and its province ("Phường Ba Đình, Thành phố Hà Nội"): namesakes of
// communes lie in several provinces.
export function placeName(r)
{
    return [r.area_name, r.area_parent_name].filter(Boolean).join(', ');
}

// "Thợ hàn" with the code in a quieter span after it.
export function occupation(o)
{
    if (!o) return t('common.none');
    if (typeof o === 'string') return o;
    return el('span', {}, o.title || o.code, o.title && o.code
        ? el('span', { class: 'note' }, ' (' + o.code + ')') : null);
}

export function occupationText(o)
{
    if (!o) return '';
    return typeof o === 'string' ? o : (o.title || o.code);
}

// {code:'ja', level:'N3'} or "ja:N3" -> "Tiếng Nhật N3"
export function language(l)
{
    let code = l, level = '';
    if (typeof l === 'string') [code, level] = l.split(':');
    else if (l) ({ code, level } = l);
    return (label('lang', code) + ' ' + (level || '')).trim();
}

export function countries(list)
{
    if (!list || !list.length) return t('common.none');
    if (list.includes('*')) return t('seeker.abroad.any');
    return list.map((c) => label('country', c)).join(', ');
}

export function list(items, f)
{
    if (!items || !items.length) return t('common.none');
    return items.map(f || ((x) => String(x))).join('; ');
}

// A vacancy's wage range in words.
export function wageRange(min, max)
{
    const has = (x) => typeof x === 'number' && Number.isFinite(x);
    if (has(min) && has(max)) {
        return min === max ? fmtMoney(min) : t('vacancy.wage.range', { min: fmtNumber(min),
            max: fmtMoney(max) });
    }
    if (has(min)) return t('vacancy.wage.from', { min: fmtMoney(min) });
    if (has(max)) return t('vacancy.wage.to', { max: fmtMoney(max) });
    return t('vacancy.wage.negotiable');
}

// The age on the desk's date from a birth year (years only, as the engine counts it).
export function age(birthYear, todayIso)
{
    if (!birthYear) return null;
    return Number(String(todayIso).slice(0, 4)) - birthYear;
}

// A definition list from [[labelKey, value (text or Node)], ...]
export function facts(dl, rows)
{
    for (const [k, v] of rows) {
        dl.append(el('dt', {}, t(k)), el('dd', {}, v === null || v === undefined || v === ''
            ? t('common.none') : v));
    }
}
