/*
 * forecast.h - public API of the forecast area (filled in by the forecast module).
 */
#ifndef VIECLAM_FORECAST_H
#define VIECLAM_FORECAST_H

#include <vieclam/common.h>
#include <vieclam/data.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif
