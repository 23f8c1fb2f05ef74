// record-form.js - what the employer and vacancy forms share with each other: load the record
// for an edit (keeping its version), send it (POST to create, PUT with the version to change),
// show the server's per-field messages next to the fields, and go to the saved record.

import { t } from '../i18n.js';
import { get, post, put } from '../api.js';
import { el, sayError, params, showFieldErrors } from '../ui.js';
import * as F from '../forms.js';

// cfg: {kind: 'employers'|'vacancies', page: 'employer'|'vacancy', titleNew, titleEdit,
//       sections: [[legendKey, [widgets]]], defaults: {}, list: 'employers.html',
//       setup(widgets, id) after the form is built, beforeSave(rec, id) -> false to stay}
export async function recordForm(cfg)
{
    const id = params().id;
    const form = document.getElementById('form');
    const summary = document.getElementById('summary');
    const save = document.getElementById('save');
    const box = document.getElementById('sections');
    const widgets = [];
    for (const [legend, ws] of cfg.sections) {
        box.append(el('fieldset', {}, el('legend', {}, t(legend)),
            el('div', { class: 'fields' }, ws.map((w) => w.node))));
        widgets.push(...ws);
    }
    const cancel = document.getElementById('cancel');
    cancel.href = id ? cfg.page + '.html?id=' + encodeURIComponent(id) : cfg.list;
    let version = null;
    const heading = document.getElementById('heading');
    if (id) {
        heading.textContent = t(cfg.titleEdit, { id });
        try {
            const rec = await get(cfg.kind + '/' + encodeURIComponent(id));
            version = rec.version;
            F.fillForm(widgets, rec);
        } catch (e) {
            sayError(e);
        }
        widgets[0].input.readOnly = true;
        widgets[1].input.focus();
    } else {
        heading.textContent = t(cfg.titleNew);
        F.fillForm(widgets, cfg.defaults || {});
        (cfg.firstFocus ? widgets.find((w) => w.name === cfg.firstFocus) : widgets[1]).input.focus();
    }
    document.title = heading.textContent + ' - vieclam';
    if (cfg.setup) cfg.setup(widgets, id);
    form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const rec = F.readForm(form, widgets, summary);
        if (!rec) return;
        if (cfg.beforeSave && !(await cfg.beforeSave(rec, id))) return;
        if (!rec.id) delete rec.id;
        save.disabled = true;
        save.textContent = t('common.saving');
        try {
            const r = id ? await put(cfg.kind + '/' + encodeURIComponent(id), { ...rec, version })
                : await post(cfg.kind, rec);
            window.location.assign(cfg.page + '.html?id=' + encodeURIComponent(r.id) + '&saved=1');
            return;
        } catch (e) {
            if (e.status === 400 && Object.keys(e.fields).length) showFieldErrors(form, e.fields, summary);
            else sayError(e);
        }
        save.disabled = false;
        save.textContent = t('common.save');
    });
}
