// seeker-form.js - register or edit a job seeker (the seekers import contract plus phone and
// ID-card number). The server applies the contract's rules and answers 400 invalid with a message
// per field in the user's language, shown next to the field; the first bad field takes the focus.
// An edit sends the record's version, so a change made meanwhile is refused, not overwritten.

import { startPage, today } from '../shell.js';
import * as F from '../forms.js';
import { recordForm } from './record-form.js';

await startPage('seekers');

await recordForm({
    kind: 'seekers',
    page: 'seeker',
    list: 'seekers.html',
    titleNew: 'seeker.form.new',
    titleEdit: 'seeker.form.edit',
    defaults: { registered: today(), status: 'active' },
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
