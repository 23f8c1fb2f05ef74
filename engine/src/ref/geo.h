/*
 * geo.h - areas as the reference data knows them: the search keys of an area name (folded, and
 * folded without the type word "Phường", "Xã", "Tỉnh"...), the dates of the 2025 reform, and the
 * great-circle distance between two centres (the one definition: matching and the nearest
 * successor of a divided commune both use it).
 */
#ifndef VL_REF_GEO_H
#define VL_REF_GEO_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* The last day of the pre-reform list and the first day of the 2025 list. */
#define VL_REFORM_LAST_DAY  20250630
#define VL_REFORM_FIRST_DAY 20250701
/* The administrative lists, as the `version` of the areas table names them. */
#define VL_AREAS_PRE_REFORM "VN-ADMIN-2008"
#define VL_AREAS_2025       "VN-ADMIN-2025"

/* Mean Earth radius (IUGG), km. */
#define VL_EARTH_RADIUS_KM 6371.0088

/*
 * The search key of an area name (malloc'd, NULL when out of memory): folded as vl_text_fold
 * (case, diacritics, đ -> d) with punctuation turned into spaces, so "Bà Rịa - Vũng Tàu" and
 * "ba ria vung tau" meet. strip_type also drops a leading type word ("Phường Hồng Hà" ->
 * "hong ha", "Thành phố Hải Phòng" -> "hai phong").
 */
char *vl__area_key(const char *name, bool strip_type);

/*
 * Great-circle distance in km by the haversine formula, from latitudes and longitudes in
 * radians and the cosines of the latitudes (callers that compare one point with many keep the
 * cosine). NaN in gives NaN out.
 */
static inline double vl__great_circle_rad(double lat1, double lon1, double coslat1, double lat2,
                                          double lon2, double coslat2)
{
    double sdlat = sin((lat2 - lat1) / 2), sdlon = sin((lon2 - lon1) / 2);
    double h = sdlat * sdlat + coslat1 * coslat2 * sdlon * sdlon;
    if (h > 1)
        h = 1;
    return 2 * VL_EARTH_RADIUS_KM * asin(sqrt(h));
}

/* The same from degrees. */
static inline double vl__great_circle_km(double lat1, double lon1, double lat2, double lon2)
{
    const double rad = 3.14159265358979323846 / 180;
    return vl__great_circle_rad(lat1 * rad, lon1 * rad, cos(lat1 * rad), lat2 * rad, lon2 * rad,
                                cos(lat2 * rad));
}

#endif
