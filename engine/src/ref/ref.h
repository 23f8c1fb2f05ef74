/*
 * ref.h - the reference data bundled into the library at build time (generated from
 * the CSV files of fixtures/reference/ by gen-reference.py): ISCO-08, VSCO 2020 levels 1-2, VSIC
 * 2018 sections and the areas of Hải Dương / Hải Phòng. Tables are plain strings, row-major.
 */
#ifndef VL_REF_REF_H
#define VL_REF_REF_H

#include <stddef.h>

typedef struct vl_ref_table {
    const char *name; /* the CSV's base name: "areas", "isco08_structure", ... */
    const char *const *columns;
    size_t n_columns;
    const char *const *cells; /* n_rows * n_columns */
    size_t n_rows;
} vl_ref_table;

extern const vl_ref_table vl__ref_tables[];
extern const size_t vl__ref_table_count;

/* The table of that name, or NULL. */
const vl_ref_table *vl__ref_table(const char *name);
/* Index of a column, or -1. */
long vl__ref_column(const vl_ref_table *t, const char *name);

#endif
