"""What the search figures mean; appended to bench/results/search.md after the tables."""

NOTES: list[str] = [
    "## Reading the tables",
    "",
    "- *jobs found* is the `total` of the answer, counted up to 1,000 (`total_is_exact` false "
    "beyond); autocomplete rows show the number of suggestions. *facets from 1 in N* says the "
    "facets were estimated from a sample of the matches (`facets_sample_rate`).",
    "- *request / SQL*: the whole request (routing, the unit of work, loading the page's jobs "
    "with their company, category, places and skills, snippets, serialisation) against the "
    "time the driver spent executing the request's statements. The Python part of a page: "
    "resolving the query, three statements' rows for twenty jobs with their company, category, "
    "places and skills turned into response models, the snippets, and serialisation.",
    "- The data: jobs from the demo generator (`jobboard.demo.generator`, 33 jobs per company, "
    "published over four weeks, about 2.5 KB of Markdown each). Many words are common to almost "
    "every posting (`engineer` matches 99% of jobs, `developer` a third, `python` 46%), which "
    "makes the broad requests as broad as they get.",
    "- *keyword + all facets (counted)* asks a search not seen before each time, so its eight "
    "facets are counted afresh; *(cached)* repeats one search, whose facets are then read from "
    "the cache until a job changes. `python` matches 46% of the jobs, more than 1,000, so the "
    "facets are estimated from the matches whose id is a multiple of 64 "
    "(`facets_sample_rate`); before that, counting every match's skills and places took "
    "270 ms at 100,000 jobs and 3 s at a million on PostgreSQL.",
    "",
    "## How the requests stay fast, and what would make them faster",
    "",
    "- Every list is read in an order an index can serve, and stops early: newest first "
    "through `ix_job_search (status, published_at, id)`, which on PostgreSQL also carries the "
    "filter columns (INCLUDE), so filters are index-only scans; relevance ranks only the "
    "newest 500 matches; the total stops counting at 1,000.",
    "- PostgreSQL search transactions run without JIT (compiling these statements cost "
    "400+ ms), with custom plans (no generic-plan trap), with `enable_seqscan = off` (the "
    "planner prices `@@` per row as cheap although each call decompresses a 4 KB tsvector; a "
    "sequential scan of the documents took 640 ms at 100,000 jobs where the GIN index needs "
    "10) and with 32 MB work_mem (the match set of a broad query spilled to disk at 4 MB).",
    "- Newest-first lists of keywords found in less than 30% of the jobs read a *recent "
    "span*: each PostgreSQL document carries the hour and day its job was published "
    "(`~h<n>`, `~d<n>`), so the GIN index alone lists the matches published since the start "
    "of the newest jobs expected to hold 1.5 times the 1,001 matches a first page needs; a "
    "read that runs out of them is done again over every match. Other keyword searches of at "
    "most 25,000 expected matches take every matching id from the GIN index; broader ones "
    "test `@@` along the newest-first index, which finds 1,001 matches after a few thousand "
    "tests.",
    "- Id lists travel as binary `bigint[]` packed by one struct call "
    "(`db._IdsBinaryDumper`); psycopg's list dumper inspected and packed each id in Python. "
    "The relevance window is ranked in the statement that reads it.",
    "- Python per request: dependencies are coroutines (a plain `def` dependency costs a "
    "worker-thread handoff per request), the objects built at startup are frozen out of the "
    "garbage collector's sight (a full collection walked a quarter of a million of them, "
    "175 ms once in about 30 requests), and snippets analyse a description no further than "
    "its first matching line's snippet.",
    "- The first page counts the total on the way (the relevance window reads on to 1,001 "
    "matches; the jobs within a radius are counted as they are sorted) and the cursor carries "
    "it, so no page runs a second walk over the matches just to count them.",
    "- Sorting by salary reads `ix_job_salary (status, coalesce(salary_annual_max_usd, -1), "
    "id)` from the top and stops after the page.",
    "- Facets past 1,000 matches are counted over a sample (one job in 64 or 8 by id) that "
    "the GIN index picks: each document carries `~s<id mod 64>`.",
    "- What remains proportional to the number of matches: the GIN posting lists behind a "
    "broad word (read whole to intersect them with the span or the sample), the radius "
    "(every place in the circle is read and measured in Python), and keyword searches with "
    "filters, which do not use the recent span. A BM25 index with a top-k path (pg_search, "
    "pg_textsearch) or filter columns in the search table would take the first and last away; "
    "a distance-ordered spatial index the second.",
    "",
    "## The slowest requests at 1,000,000 jobs",
    "",
    "The plans below are of each request's slowest statement, run again under EXPLAIN ANALYZE "
    "with the search session's settings.",
    "",
    "- *Radius 50 km of Berlin* (38,000 places in the bounding box): the box, the distances "
    "in Python and looking every job in the circle up by id all grow with the number of jobs "
    "in it. Fixes: a spatial index ordered by distance (PostGIS or earthdistance with a GiST "
    "index and `<->`), so the nearest page is read first and the rest never; short of that, "
    "a grid-cell column carried by ix_job_search.",
    "- *Facets, counted* (3 s before sampling, 572 ms before the sample terms): the GIN index "
    "now picks the one-in-64 sample (`python & ~s0`), but at a million jobs that sample is "
    "7,400 jobs, each looked up with its skills and places, many from disk. Fix: documents "
    "carrying a remainder by a larger modulus (4,096), so the rate can be chosen from the "
    "planner's estimate and the sample stays near a thousand jobs at any size.",
    "- *Exclusion* `developer -java -python`: the GIN index reads the whole posting lists of "
    "`java` and `python` (half the jobs) to rule their documents out, even within the recent "
    "span. A BM25 index with a top-k path (pg_search, pg_textsearch) would stop early.",
    "- *Typo* and *phrase* (p95 88 and 68 ms; 207 and 160 ms in the previous run, on a "
    "slower machine): the recent span's GIN scan still reads the posting lists of `python` "
    "and `developer` (a third of a million documents) to intersect them with a few hours of "
    "publication terms.",
    "",
]
