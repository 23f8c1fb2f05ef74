// reasons.js - a match explained in plain words: the server's reason codes (docs/api.md,
// section 5: occupation_first_choice, wage_below_wanted, distance, ...) and the failed hard
// constraints of "why not" turned into sentences of the message table. Codes never reach the
// screen: a code this table does not know is left out (and logged to the console).

import { t, label, fmtMoney, fmtNumber, fmtScore, fmtKm } from './i18n.js';
import { el } from './ui.js';
import { language } from './format.js';

const km = (x) => fmtNumber(x, x < 10 ? 1 : 0);

// [{kind: 'plus'|'minus'|'info', text}] for one match item.
export function reasons(m)
{
    const out = [];
    for (const r of m.reasons || []) {
        switch (r.code) {
        case 'occupation_first_choice':
            out.push({ kind: 'plus', text: t('reason.occupation.first') });
            break;
        case 'occupation_wish':
            out.push({ kind: 'plus', text: t('reason.occupation.wish', { place: r.place }) });
            break;
        case 'occupation_related':
            out.push({ kind: 'info', text: t('reason.occupation.related') });
            break;
        case 'skills_preferred':
            if (!(r.held > 0)) break; // none held: the missing ones are said below
            out.push({ kind: 'plus', text: t('reason.skills.held', { held: r.held, of: r.of })
                + ((m.preferred_held || []).length ? ': ' + m.preferred_held.join(', ') : '') });
            break;
        case 'preferred_missing':
            if (r.count > 0) {
                out.push({ kind: 'minus', text: t('reason.skills.missing', {
                    skills: (m.preferred_missing || []).join(', ') || fmtNumber(r.count) }) });
            }
            break;
        case 'experience_short':
            out.push({ kind: 'minus', text: t('reason.experience.short',
                { years: fmtNumber(r.years, Number.isInteger(r.years) ? 0 : 1) }) });
            break;
        case 'education_above':
            out.push({ kind: 'info', text: t('reason.education.above') });
            break;
        case 'wage_above_wanted':
            out.push({ kind: 'plus', text: r.amount > 0
                ? t('reason.wage.above', { gap: fmtMoney(r.amount) }) : t('reason.wage.equal') });
            break;
        case 'wage_below_wanted':
            out.push({ kind: 'minus', text: t('reason.wage.below', { gap: fmtMoney(Math.abs(r.amount)) }) });
            break;
        case 'wage_unknown':
            out.push({ kind: 'info', text: t('reason.wage.unknown') });
            break;
        case 'distance': {
            const near = r.km <= 5 || (m.components && m.components.appeal_distance >= 0.8);
            if (r.km < 0.05) {
                out.push({ kind: 'plus', text: t('reason.distance.same') });
                break;
            }
            out.push({ kind: near ? 'plus' : 'minus',
                text: t(near ? 'reason.distance.near' : 'reason.distance.far', { km: km(r.km) }) });
            break;
        }
        case 'abroad':
            out.push({ kind: 'info', text: t('reason.distance.abroad', { country: label('country', r.country) }) });
            break;
        case 'weaker_side':
            // said only where it matters: a strong pair needs no warning
            if ((r.side === 'fit' || r.side === 'appeal') && !(m.score >= 0.9)) {
                out.push({ kind: 'info', text: t('reason.weaker.' + r.side) });
            }
            break;
        default:
            console.warn('vieclam: no words for reason', r.code);
        }
    }
    return out;
}

export function reasonList(items)
{
    return el('ul', { class: 'reasons' }, items.map((r) => el('li', { class: r.kind }, r.text)));
}

// The score as "0,86" with a small bar (the bar is decoration; the number is the value).
export function scoreCell(x)
{
    const bar = el('span', { class: 'meter', 'aria-hidden': 'true' }, el('span'));
    bar.firstChild.style.width = Math.round(Math.max(0, Math.min(1, x || 0)) * 100) + '%';
    return el('span', { class: 'score' }, fmtScore(x), bar);
}

export function distanceText(m)
{
    if (m.country && m.country !== 'VN') return label('country', m.country);
    return fmtKm(m.distance_km);
}

// One failed hard constraint of "why not" as a sentence.
export function constraintText(f)
{
    switch (f.constraint) {
    case 'open': return t('why.c.open');
    case 'active': return t('why.c.active');
    case 'skills_required':
        return t('why.c.skills_required', { missing: (f.missing || []).join(', ') });
    case 'languages':
        return t('why.c.languages', { missing: (f.missing || []).map(language).join(', ') });
    case 'education':
        return t('why.c.education', { has: label('edu', f.has), required: label('edu', f.required) });
    case 'age': {
        const range = f.min != null && f.max != null ? t('why.age.range', { min: f.min, max: f.max })
            : f.min != null ? t('why.age.min', { min: f.min }) : t('why.age.max', { max: f.max });
        return f.age == null ? t('why.c.age_unknown', { range }) : t('why.c.age', { age: f.age, range });
    }
    case 'abroad': return t('why.c.abroad', { country: label('country', f.country) });
    case 'distance':
        return t('why.c.distance', { km: km(f.km), limit: km(f.limit) });
    case 'area_unknown': return t('why.c.area_unknown');
    default:
        console.warn('vieclam: no words for constraint', f.constraint);
        return t('why.c.other');
    }
}
