/*
 * store.h - public API of the store area (filled in by the store module).
 */
#ifndef VIECLAM_STORE_H
#define VIECLAM_STORE_H

#include <vieclam/common.h>
#include <vieclam/data.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif
