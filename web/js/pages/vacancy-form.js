// vacancy-form.js - register or edit a vacancy (the vacancies import contract): employer,
// occupation and commune chosen by name, skills as lists, wages in đồng, dates dd/mm/yyyy. A
// vacancy saved here is matchable at once.

import { t, label } from '../i18n.js';
import { get } from '../api.js';
import { params } from '../ui.js';
import { startPage, today } from '../shell.js';
import * as F from '../forms.js';
import { recordForm } from './record-form.js';

await startPage('vacancies');

const employer = F.lookup('employer', 'vacancy.employer', {
    required: true,
    hint: 'vacancy.form.employer_hint',
    search: async (q) => ((await get('employers', { q, size: 10 })).items || [])
        .map((e) => ({ value: e.id, label: e.name, detail: e.id })),
    nameKey: 'employer_name',
});
const fairs = await get('fairs').then((r) => r.items || []).catch(() => []);
// opened from an employer's page: the field shows the employer by name, as a pick would
const fromEmployer = params().employer || null;
const fromName = fromEmployer
    ? await get('employers/' + encodeURIComponent(fromEmployer)).then((e) => e.name).catch(() => null)
    : null;
const countries = [['VN', label('country', 'VN')], ...F.COUNTRIES.map((c) => [c, label('country', c)])];

await recordForm({
    kind: 'vacancies',
    page: 'vacancy',
    list: 'vacancies.html',
    titleNew: 'vacancy.form.new',
    titleEdit: 'vacancy.form.edit',
    firstFocus: params().employer ? 'title' : 'employer',
    defaults: { posted: today(), country: 'VN', positions: 1, employer: fromEmployer,
        employer_name: fromName },
    sections: [
        ['vacancy.form.position', [
            F.text('id', 'vacancy.id', { hint: 'vacancy.form.id_hint', spellcheck: false, maxlength: 64 }),
            employer,
            F.text('title', 'vacancy.title', { required: true, wide: true }),
            F.occupations('occupation', 'vacancy.occupation', { required: true }),
            F.whole('positions', 'vacancy.positions'),
            F.choice('country', 'vacancy.country', countries),
            F.area('area', 'vacancy.area'),
            F.choice('fair', 'vacancy.fair', fairs.map((f) => [f.id, f.name || f.id]), { empty: true }),
        ]],
        ['vacancy.form.requirements', [
            F.items('skills_required', 'vacancy.skills_required', { wide: true }),
            F.items('skills_preferred', 'vacancy.skills_preferred', { wide: true }),
            F.choice('education_min', 'vacancy.education_min', F.closedList('education', 'edu', F.EDUCATION),
                { empty: true, emptyText: t('vacancy.no_minimum') }),
            F.decimal('experience_min', 'vacancy.experience_min'),
            F.whole('age_min', 'vacancy.age_min'),
            F.whole('age_max', 'vacancy.age_max'),
            F.languages('languages', 'vacancy.languages'),
        ]],
        ['vacancy.form.terms', [
            F.money('wage_min', 'vacancy.wage_min'),
            F.money('wage_max', 'vacancy.wage_max'),
            F.date('posted', 'vacancy.posted'),
            F.date('closes', 'vacancy.closes'),
        ]],
    ],
});
