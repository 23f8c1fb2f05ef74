/*
 * model.h - public API of the model area (filled in by the model module).
 */
#ifndef VIECLAM_MODEL_H
#define VIECLAM_MODEL_H

#include <vieclam/common.h>
#include <vieclam/data.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif
