/*
 * match.h - public API of the match area (filled in by the match module).
 */
#ifndef VIECLAM_MATCH_H
#define VIECLAM_MATCH_H

#include <vieclam/common.h>
#include <vieclam/data.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif
