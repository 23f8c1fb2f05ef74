// import.js - bringing records in from a spreadsheet (an .xlsx workbook as Excel saves it, or a
// CSV file): the kinds this role may import (GET /api/meta), the workbook to fill in for each
// (GET /api/templates/KIND.xlsx), and the file sent as it is (POST /api/imports/KIND) to be
// imported in the background by exactly `vieclam import`'s rules: one transaction, all rows or
// none. Every problem names the file's line, or its sheet and cell, the column and the reason.

import { t, fmtNumber } from '../i18n.js';
import { upload, waitJob, ApiError } from '../api.js';
import { el, clear, say, sayError, field, showFieldErrors, clearFieldErrors } from '../ui.js';
import { startPage, currentMeta } from '../shell.js';

await startPage('import');

const meta = currentMeta();
const kinds = meta.imports || [];
const maxBytes = (meta.limits && meta.limits.upload) || 16 * 1024 * 1024;
const form = document.getElementById('import-form');
const summary = document.getElementById('summary');
const outcome = document.getElementById('outcome');
const outcomeH = document.getElementById('outcome-h');
const outcomeBody = document.getElementById('outcome-body');

const kind = el('select', {}, kinds.map((k) => el('option', { value: k.code }, k.label)));
const templateLink = el('a', { id: 'template-link', download: '' }, t('import.template'));
// the kinds without personal data may also be taken away as they are, changed and sent back
const exportLine = el('p', { class: 'hint' },
    el('a', { id: 'export-link', download: '' }, t('import.export')), ' ', t('import.export.hint'));
const file = el('input', { type: 'file', id: 'import-file', class: 'file-input',
    accept: '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
// The browser's own picker speaks the browser's language ("Choose File"); this one the desk's:
// the input stays the focusable control, the button is its second label.
const chosen = el('span', { class: 'file-name', 'aria-live': 'polite' }, t('import.none_chosen'));
const filePick = el('div', { class: 'file-pick' }, file,
    el('label', { for: 'import-file', class: 'btn secondary', 'aria-hidden': 'true' }, t('import.choose')),
    chosen);
file.addEventListener('change', () => {
    const f = file.files && file.files[0];
    chosen.textContent = f ? t('import.chosen', { name: f.name,
        size: f.size < 1048576 ? fmtNumber(Math.max(1, Math.round(f.size / 1024))) + ' KB'
            : fmtNumber(f.size / 1048576, 1) + ' MB' }) : t('import.none_chosen');
});
const sheet = el('input', { type: 'text', autocomplete: 'off', maxlength: 63 });
const dmy = el('input', { type: 'checkbox', id: 'dates-dmy', checked: true });
const numbersVi = el('input', { type: 'checkbox', id: 'numbers-vi', checked: true });
const skip = el('input', { type: 'checkbox', id: 'skip' });
const submit = el('button', { type: 'submit', class: 'btn', id: 'send' }, t('import.submit'));

function setTemplate()
{
    templateLink.href = '/api/templates/' + encodeURIComponent(kind.value) + '.xlsx';
    const k = kinds.find((x) => x.code === kind.value);
    exportLine.hidden = !(k && k.export);
    exportLine.firstChild.href = '/api/exports/' + encodeURIComponent(kind.value) + '.xlsx';
}
kind.addEventListener('change', setTemplate);
setTemplate();

document.getElementById('import-fields').append(
    field('kind', 'import.kind', kind, { required: true, node: el('div', {}, kind,
        el('p', { class: 'hint' }, templateLink, ' ', t('import.template.hint')), exportLine) }),
    field('file', 'import.file', file, { required: true, hint: 'import.file.hint', wide: true,
        node: filePick }),
    field('sheet', 'import.sheet', sheet, { hint: 'import.sheet.hint' }),
    el('div', { class: 'field wide' },
        el('label', { class: 'check', for: 'dates-dmy' }, dmy, el('span', {}, t('import.dmy'))),
        el('label', { class: 'check', for: 'numbers-vi' }, numbersVi, el('span', {}, t('import.numbers_vi'))),
        el('label', { class: 'check', for: 'skip' }, skip, el('span', {}, t('import.skip')))),
    el('div', { class: 'actions wide-row' }, submit));

function show(refused, title, ...body)
{
    outcome.hidden = false;
    outcome.className = 'card ' + (refused ? 'outcome-refused' : 'outcome-ok');
    outcomeH.textContent = title;
    clear(outcomeBody).append(...body);
    outcomeH.focus();
}

form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, summary);
    outcome.hidden = true;
    const f = file.files && file.files[0];
    if (!f) {
        showFieldErrors(form, { file: t('import.no_file') }, summary);
        return;
    }
    if (f.size > maxBytes) {
        showFieldErrors(form, { file: t('import.too_large', { mb: Math.round(maxBytes / 1048576) }) },
            summary);
        return;
    }
    if (f.size === 0) {
        showFieldErrors(form, { file: t('import.empty') }, summary);
        return;
    }
    submit.disabled = true;
    say(t('import.running', { file: f.name }), 'info');
    try {
        const { job } = await upload('imports/' + encodeURIComponent(kind.value), f, {
            name: f.name, sheet: sheet.value.trim(), dates: dmy.checked ? 'dmy' : 'iso',
            numbers: numbersVi.checked ? 'vi' : 'c', skip: skip.checked ? 'true' : '' });
        const done = await waitJob(job);
        const r = done.result || {};
        say('', 'info');
        const counts = el('dl', { class: 'facts', id: 'import-counts' },
            el('dt', {}, t('import.rows')), el('dd', {}, fmtNumber(r.rows)),
            el('dt', {}, t('import.inserted')), el('dd', {}, fmtNumber(r.inserted)),
            el('dt', {}, t('import.updated')), el('dd', {}, fmtNumber(r.updated)),
            el('dt', {}, t('import.unchanged')), el('dd', {}, fmtNumber(r.unchanged)));
        if (!r.rejected) {
            show(false, t('import.done', { file: r.file }), counts);
        } else {
            // the good rows are in; the bad ones wait in a workbook with their reasons
            counts.append(el('dt', {}, t('import.rejected')), el('dd', {}, fmtNumber(r.rejected)));
            show(true, t('import.partly', { file: r.file, n: fmtNumber(r.rejected) }), counts,
                el('ol', { class: 'problems', id: 'problems' }, (r.problems || []).map((p) => el('li', {}, p))),
                el('p', {}, el('a', { href: r.rejects, download: '', id: 'rejects-link', class: 'btn secondary' },
                    t('import.rejects'))),
                el('p', { class: 'hint' }, t('import.rejects.hint')));
        }
    } catch (e) {
        const r = e instanceof ApiError && e.job ? e.job.result : null;
        if (r && r.problems) {
            say('', 'info');
            show(true, t('import.refused'),
                el('p', {}, e.message),
                el('ol', { class: 'problems', id: 'problems' }, r.problems.map((p) => el('li', {}, p))),
                el('p', { class: 'hint' }, t('import.refused.hint')));
        } else if (e instanceof ApiError && e.status === 413) {
            showFieldErrors(form, { file: e.message }, summary);
        } else {
            sayError(e);
        }
    }
    submit.disabled = false;
});

if (!kinds.length) {
    submit.disabled = true;
    say(t('import.none'), 'info');
}
kind.focus();
