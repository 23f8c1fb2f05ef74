/*
 * ref.c - look-ups in the bundled reference tables (ref-data.c is generated at build time).
 */
#include "ref/ref.h"

#include <string.h>

const vl_ref_table *vl__ref_table(const char *name)
{
    for (size_t i = 0; i < vl__ref_table_count; i++)
        if (strcmp(vl__ref_tables[i].name, name) == 0)
            return &vl__ref_tables[i];
    return NULL;
}

long vl__ref_column(const vl_ref_table *t, const char *name)
{
    for (size_t i = 0; i < t->n_columns; i++)
        if (strcmp(t->columns[i], name) == 0)
            return (long)i;
    return -1;
}
