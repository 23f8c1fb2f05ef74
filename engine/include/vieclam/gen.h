/*
 * gen.h - public API of the gen area (filled in by the gen module).
 */
#ifndef VIECLAM_GEN_H
#define VIECLAM_GEN_H

#include <vieclam/common.h>
#include <vieclam/data.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif
