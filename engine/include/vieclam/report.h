/*
 * report.h - public API of the report area (filled in by the report module).
 */
#ifndef VIECLAM_REPORT_H
#define VIECLAM_REPORT_H

#include <vieclam/common.h>
#include <vieclam/data.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif
