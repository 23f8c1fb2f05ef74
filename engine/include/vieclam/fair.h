/*
 * fair.h - public API of the fair area (filled in by the fair module).
 */
#ifndef VIECLAM_FAIR_H
#define VIECLAM_FAIR_H

#include <vieclam/common.h>
#include <vieclam/data.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif
