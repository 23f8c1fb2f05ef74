// seeker-form.js - register or edit a job seeker. The server applies the import contract's rules
// and answers 400 invalid with a message per field (in the user's language), shown next to the
// field; the first bad field takes the focus. An edit sends the record's version, so a change
// made meanwhile by someone else is refused (409) instead of overwritten.

import { t } from '../i18n.js';
import { get, post, put } from '../api.js';
import { say, sayError, params, showFieldErrors } from '../ui.js';
import { startPage, today } from '../shell.js';
import * as F from '../forms.js';

await startPage('seekers');

const id = params().id;
const form = document.getElementById('form');
const summary = document.getElementById('summary');
const save = document.getElementById('save');

const personal = [
    F.text('id', 'seeker.id', { hint: 'seeker.form.id_hint', spellcheck: false, maxlength: 64 }),
    F.text('name', 'seeker.name', { required: true, autocomplete: 'off' }),
    F.whole('birth_year', 'seeker.birth_year'),
    F.choice('gender', 'seeker.gender', F.closedList('genders', 'gender', F.GENDERS), { empty: true }),
    F.text('phone', 'seeker.phone', { inputmode: 'tel' }),
    F.text('id_card', 'seeker.id_card', { inputmode: 'numeric' }),
    F.area('area', 'seeker.area'),
    F.checks('priority', 'seeker.priority', F.closedList('priority_groups', 'prio', F.PRIORITY)),
];
const work = [
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
];
document.getElementById('personal').append(...personal.map((w) => w.node));
document.getElementById('work').append(...work.map((w) => w.node));
const widgets = [...personal, ...work];

let version = null;
if (id) {
    document.getElementById('heading').textContent = t('seeker.form.edit', { id });
    document.title = t('seeker.form.edit', { id }) + ' - vieclam';
    document.getElementById('cancel').href = 'seeker.html?id=' + encodeURIComponent(id);
    try {
        const rec = await get('seekers/' + encodeURIComponent(id));
        version = rec.version;
        F.fillForm(widgets, rec);
    } catch (e) {
        sayError(e);
    }
    widgets[0].input.readOnly = true;
    widgets[1].input.focus();
} else {
    document.getElementById('heading').textContent = t('seeker.form.new');
    F.fillForm(widgets, { registered: today(), status: 'active' });
    widgets[1].input.focus();
}

form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const rec = F.readForm(form, widgets, summary);
    if (!rec) return;
    if (!rec.id) delete rec.id;
    save.disabled = true;
    save.textContent = t('common.saving');
    try {
        let r;
        if (id) r = await put('seekers/' + encodeURIComponent(id), { ...rec, version });
        else r = await post('seekers', rec);
        window.location.assign('seeker.html?id=' + encodeURIComponent(r.id) + '&saved=1');
        return;
    } catch (e) {
        if (e.code === 'invalid' || (e.status === 400 && Object.keys(e.fields).length)) {
            showFieldErrors(form, e.fields, summary);
        } else {
            sayError(e);
        }
    }
    save.disabled = false;
    save.textContent = t('common.save');
});
