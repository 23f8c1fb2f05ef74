/*
 * ref.h - the reference data bundled into the library at build time (generated from the CSV
 * files of fixtures/reference/ by gen-reference.py): ISCO-08, VSCO 2020 levels 1-2, VSIC 2018
 * sections, Viet Nam's 34 provinces and 3,321 communes since 2025-07-01 and the crosswalk from
 * the 10,602 pre-reform communes. Each table is one text of NUL-terminated cells (each distinct
 * cell stored once) and one offset per cell, row-major: no pointer in the tables, so the shared
 * library needs no relocation for them.
 */
#ifndef VL_REF_REF_H
#define VL_REF_REF_H

#include <stddef.h>
#include <stdint.h>

typedef struct vl_ref_table {
    const char *name; /* the CSV's base name: "communes_2025", "isco08_structure", ... */
    const char *const *columns;
    size_t n_columns;
    const char *text;      /* the cells, each NUL-terminated */
    const uint32_t *cells; /* n_rows * n_columns offsets into text */
    size_t n_rows;
} vl_ref_table;

extern const vl_ref_table vl__ref_tables[];
extern const size_t vl__ref_table_count;

/* The table of that name, or NULL. */
const vl_ref_table *vl__ref_table(const char *name);
/* Index of a column, or -1. */
long vl__ref_column(const vl_ref_table *t, const char *name);
/* The cell of a row and column; "" when col < 0 (a column the table lacks). */
static inline const char *vl__ref_cell(const vl_ref_table *t, size_t row, long col)
{
    return col >= 0 ? t->text + t->cells[row * t->n_columns + (size_t)col] : "";
}

#endif
