// seeker-form.js - register or edit a job seeker (the seekers import contract plus phone and
// ID-card number). The server applies the contract's rules and answers 400 invalid with a message
// per field in the user's language, shown next to the field; the first bad field takes the focus.
// An edit sends the record's version, so a change made meanwhile is refused, not overwritten.
// A phone or ID-card number already on another record is said as soon as it is typed (a walk-in
// seeker registered before, at another desk or outreach day), with a link to that record, and
// registering a second record for them needs a confirmation: a person registered twice is
// counted twice in every report.

import { startPage, today } from '../shell.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { el, clear, confirmDialog } from '../ui.js';
import * as F from '../forms.js';
import { recordForm } from './record-form.js';

// The digits of a phone or ID-card number as stored (separators dropped, +84 written 0); null
// when too short to name one person (9 digits: the old ID card, a phone without its 0).
function digits(v)
{
    if (!v) return null;
    let d = String(v).replace(/[\s.\-()]/g, '');
    if (d.startsWith('+84')) d = '0' + d.slice(3);
    return /^\d{9,}$/.test(d) ? d : null;
}

// Records other than `self` with this phone (the same digits) or ID card (the search matches
// its digits from the start), searched in every province; the search is audited as any other.
async function sameNumber(value, isPhone, self)
{
    const d = digits(value);
    if (!d) return [];
    const r = await get('seekers', { q: d, everywhere: 'true', size: 5 });
    return (r.items || []).filter((s) => s.id !== self && (!isPhone || digits(s.phone) === d));
}

const dupes = el('div', { id: 'dupes', class: 'why', role: 'status', 'aria-live': 'polite', hidden: true });
let found = [];
let pending = Promise.resolve(); // the check in flight: a save waits for it
let checks = 0; // only the latest check's answer is shown

function showDupes()
{
    clear(dupes);
    dupes.hidden = found.length === 0;
    if (!found.length) return;
    dupes.append(el('p', {}, el('strong', {}, t('seeker.dupe.title'))),
        el('ul', {}, found.map((s) => el('li', {},
            el('a', { href: 'seeker.html?id=' + encodeURIComponent(s.id) }, s.id + ' · ' + (s.name || '')),
            ' ', [s.birth_year, s.phone].filter(Boolean).join(' · ')))),
        el('p', { class: 'hint' }, t('seeker.dupe.hint')));
}

await startPage('seekers');

await recordForm({
    kind: 'seekers',
    page: 'seeker',
    list: 'seekers.html',
    titleNew: 'seeker.form.new',
    titleEdit: 'seeker.form.edit',
    defaults: { registered: today(), status: 'active' },
    setup(widgets, id) {
        document.getElementById('sections').before(dupes);
        const phone = widgets.find((w) => w.name === 'phone');
        const card = widgets.find((w) => w.name === 'id_card');
        const run = async (n) => {
            let now = [];
            try {
                const a = await sameNumber(phone.input.value, true, id);
                const b = await sameNumber(card.input.value, false, id);
                now = [...a, ...b.filter((s) => !a.some((x) => x.id === s.id))];
            } catch (e) {
                now = []; /* a failed check must not stop a registration */
            }
            if (n !== checks) return;
            found = now;
            showDupes();
        };
        const check = () => {
            pending = run(++checks);
        };
        phone.input.addEventListener('change', check);
        card.input.addEventListener('change', check);
    },
    async beforeSave(rec, id) {
        await pending; /* Save pressed straight after typing: the number's check first */
        if (id || !found.length) return true;
        return confirmDialog(t('seeker.dupe.confirm'),
            t('seeker.dupe.confirm.explain', { ids: found.map((s) => s.id).join(', ') }),
            t('seeker.dupe.register'));
    },
    sections: [
        ['seeker.form.personal', [
            F.text('id', 'seeker.id', { hint: 'seeker.form.id_hint', spellcheck: false, maxlength: 64 }),
            F.text('name', 'seeker.name', { required: true }),
            F.whole('birth_year', 'seeker.birth_year'),
            F.choice('gender', 'seeker.gender', F.closedList('genders', 'gender', F.GENDERS), { empty: true }),
            F.text('phone', 'seeker.phone', { inputmode: 'tel' }),
            F.text('id_card', 'seeker.id_card', { inputmode: 'numeric' }),
            F.area('area', 'seeker.area'),
            F.checks('priority', 'seeker.priority', F.closedList('priority_groups', 'prio', F.PRIORITY)),
        ]],
        ['seeker.form.work', [
            F.occupations('occupations', 'seeker.occupations', { multiple: true, wide: true }),
            F.items('skills', 'seeker.skills', { wide: true }),
            F.choice('education', 'seeker.education', F.closedList('education', 'edu', F.EDUCATION), { empty: true }),
            F.decimal('experience_years', 'seeker.experience_years'),
            F.money('wage_min', 'seeker.wage_min'),
            F.decimal('max_commute_km', 'seeker.max_commute_km'),
            F.languages('languages', 'seeker.languages'),
            F.countries('abroad', 'seeker.abroad'),
            F.date('registered', 'seeker.registered'),
            F.choice('status', 'seeker.status', F.closedList('statuses', 'status', F.STATUSES)),
        ]],
    ],
});
