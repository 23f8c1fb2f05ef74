/*
 * data.c - the design of the learning room: one row per decided referral with the components of
 * its pair on its day (vl_match_pair: whatever the seeker's status or the vacancy's positions
 * are now), in referral-id order, computed on the context's threads.
 *
 * A referral counts as decided when its outcome is a hire or a final non-hire (no_show,
 * rejected, declined) recorded before the cut-off day; pending and interviewed referrals are
 * left out, because their story has not ended.
 */
#include "learn/learn-int.h"

#include <stdlib.h>
#include <string.h>

int lrn_label(const vl_referral *r, int32_t as_of)
{
    if (as_of && (r->referred_on >= as_of || r->outcome_on >= as_of))
        return LRN_OUT;
    switch (r->outcome) {
    case VL_OUTCOME_HIRED:
        return LRN_YES;
    case VL_OUTCOME_NO_SHOW:
    case VL_OUTCOME_REJECTED:
    case VL_OUTCOME_DECLINED:
        return LRN_NO;
    default:
        return LRN_OUT;
    }
}

void lrn_rows_free(lrn_rows *r)
{
    vl__free(r->c);
    vl__free(r->y);
    vl__free(r->seeker);
    vl__free(r->vacancy);
    vl__free(r->on);
    vl__free(r->ref);
    memset(r, 0, sizeof *r);
}

typedef struct comp_job {
    const vl_match_index *idx;
    lrn_rows *rows;
} comp_job;

static vl_status comp_range(void *arg, unsigned worker, size_t begin, size_t end)
{
    (void)worker;
    comp_job *j = arg;
    lrn_rows *r = j->rows;
    for (size_t i = begin; i < end; i++) {
        vl_match_result res;
        vl_match_pair(j->idx, r->seeker[i], r->vacancy[i], r->on[i], &res, NULL);
        for (int k = 0; k < LRN_K; k++)
            r->c[i * LRN_K + (size_t)k] = vl_match_result_component(&res, k);
    }
    return VL_OK;
}

vl_status lrn_rows_build(vl_ctx *ctx, const vl_match_index *idx, const vl_referral_set *refs,
                         const lrn_select *sel, lrn_rows *out, size_t *n_pending, size_t *n_missing)
{
    memset(out, 0, sizeof *out);
    *n_pending = *n_missing = 0;
    size_t n = refs->n;
    out->c = vl__malloc((n ? n : 1) * LRN_K * sizeof *out->c);
    out->y = vl__malloc(n ? n : 1);
    out->seeker = vl__malloc((n ? n : 1) * sizeof *out->seeker);
    out->vacancy = vl__malloc((n ? n : 1) * sizeof *out->vacancy);
    out->on = vl__malloc((n ? n : 1) * sizeof *out->on);
    out->ref = vl__malloc((n ? n : 1) * sizeof *out->ref);
    if (!out->c || !out->y || !out->seeker || !out->vacancy || !out->on || !out->ref) {
        lrn_rows_free(out);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const vl_referral *r = &refs->referrals[i];
        if (sel->from && r->referred_on < sel->from)
            continue;
        int label = lrn_label(r, sel->before);
        if (label == LRN_OUT) {
            (*n_pending)++;
            continue;
        }
        size_t s, v;
        if (!vl_match_index_find_seeker(idx, r->seeker, &s) ||
            !vl_match_index_find_vacancy(idx, r->vacancy, &v)) {
            (*n_missing)++;
            continue;
        }
        out->y[m] = (uint8_t)label;
        out->seeker[m] = (uint32_t)s;
        out->vacancy[m] = (uint32_t)v;
        out->on[m] = r->referred_on;
        out->ref[m] = (uint32_t)i;
        m++;
    }
    out->n = m;
    comp_job j = {idx, out};
    vl_status st = vl__parallel_for(ctx, m, 4096, comp_range, &j, "components");
    if (st != VL_OK)
        lrn_rows_free(out);
    return st;
}
