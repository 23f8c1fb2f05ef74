// employer-form.js - register or edit an employer (exactly the employers import contract: id,
// name, industry, commune, street address, phone); the server's messages appear next to the
// fields (a phone follows the same rule as a seeker's).

import { startPage } from '../shell.js';
import * as F from '../forms.js';
import { recordForm } from './record-form.js';

await startPage('employers');

await recordForm({
    kind: 'employers',
    page: 'employer',
    list: 'employers.html',
    titleNew: 'employer.form.new',
    titleEdit: 'employer.form.edit',
    sections: [['employer.form.section', [
        F.text('id', 'employer.id', { hint: 'vacancy.form.id_hint', spellcheck: false, maxlength: 64 }),
        F.text('name', 'employer.name', { required: true, wide: true }),
        F.choice('industry', 'employer.industry', F.closedList('industries', 'industry', []),
            { empty: true, prefix: 'industry' }),
        F.area('area', 'employer.area'),
        F.text('address', 'employer.address', { wide: true, hint: 'employer.form.address_hint',
            maxlength: 160 }),
        F.text('phone', 'employer.phone', { inputmode: 'tel', hint: 'employer.form.phone_hint' }),
    ]]],
});
