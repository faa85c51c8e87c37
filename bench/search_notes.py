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
    "resolving the query, two statements' rows for twenty jobs with their company, category, "
    "places and skills turned into response models, the snippets, and serialisation.",
    "- The data: jobs from the demo generator (`jobboard.demo.generator`, 33 jobs per company, "
    "published over four weeks, about 2.5 KB of Markdown each). Many words are common to almost "
    "every posting (`engineer` matches 99% of jobs, `developer` a third, `python` 46%), which "
    "makes the broad requests as broad as they get.",
    "- *keyword + all facets (counted)* asks a search not seen before each time, so its eight "
    "facets are counted afresh; *(cached)* repeats one search, whose facets are then read from "
    "the cache until a job changes. `python` matches 46% of the jobs, more than 1,000, so the "
    "facets are estimated from the matches whose id is a multiple of 128 (512 at a "
    "million jobs; `facets_sample_rate`); before that, counting every match's skills and "
    "places took 270 ms at 100,000 jobs and 3 s at a million on PostgreSQL.",
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
    "- Newest-first lists of keywords found in less than 60% of the jobs (and no other "
    "filter but a `posted_within_days` older than the span) read a *recent "
    "span*: each PostgreSQL document carries the hour and day its job was published "
    "(`~h<n>`, `~d<n>`), so the GIN index alone lists the matches published since the start "
    "of the newest jobs expected to hold 1.5 times the 1,001 matches a first page needs; a "
    "read that runs out of them is done again over every match. Other keyword searches of at "
    "most 25,000 expected matches take every matching id from the GIN index; broader ones "
    "test `@@` along the newest-first index, which finds 1,001 matches of `engineer` (99% "
    "of the jobs) after little more than a thousand tests.",
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
    "- Few statements per request: each costs a round trip and about 0.4 ms of Python. The "
    "transaction's settings and the index generation come in one statement (once per "
    "transaction), the planner's estimate and the table size in one EXPLAIN, a page's places "
    "and skills in one UNION ALL, facet labels in one more: five statements for a keyword "
    "page, down from eight.",
    "- A radius reads the job locations in its bounding box grouped by point, index-only "
    "(`ix_job_location_point (latitude, longitude, job_id)`): jobs sit at gazetteer cities, so "
    "Berlin's box holds 38,000 job locations at a million jobs but five points, each measured "
    "once. By distance, the jobs are ordered in Python and the database checks the nearest "
    "1,500 against the other filters, then 3,000 more, until the page and the count are done.",
    "- Sorting by salary reads `ix_job_salary (status, coalesce(salary_annual_max_usd, -1), "
    "id)` from the top and stops after the page.",
    "- Facets past 1,000 matches are counted over a sample (one job in 64 or 8 by id) that "
    "the GIN index picks: each document carries `~s<id mod 64>`. The sparsest of one in "
    "512, 256 or 128 at which the planner expects 300 jobs or more comes first: the `~s0` "
    "documents whose job id is a multiple of the rate, so the sample stays near 300 to 600 "
    "jobs at any size.",
    "- What remains proportional to the number of matches: the GIN posting lists behind a "
    "broad word (read whole to intersect them with the span or the sample), the radius "
    "(every job id in the box comes back and is ordered in Python), and keyword searches with "
    "filters, which do not use the recent span. A BM25 index with a top-k path (pg_search, "
    "pg_textsearch) or filter columns in the search table would take the first and last away; "
    "a distance-ordered spatial index the second.",
    "",
    "## The slowest requests at 1,000,000 jobs",
    "",
    "The plans below are of each request's slowest statement, run again under EXPLAIN ANALYZE "
    "with the search session's settings.",
    "",
    "- *Facets, counted*: one job in 512 at a million jobs (3 s before any sampling, 572 ms "
    "and 288 ms with one in 64). The GIN index holds sample terms by 64 only, so the "
    "statement reads all 7,400 `~s0` documents of `python` to test their ids, most from disk "
    "after the 100,000-job runs. Fix: a remainder by a larger modulus (4,096) in every "
    "document, so the index picks one in 512 itself (a migration rewriting each document, "
    "7 minutes at a million).",
    '- *Phrase* `"site reliability"`: about 20,000 matches, listed from the GIN index '
    "(each candidate's positions are checked, so every document holding both words is "
    "read), then the newest-first index is walked and filtered by that list until 1,001 "
    "are found, 48,000 entries. The recent span would read less, but at a million jobs it "
    "would start 72,000 jobs back, past its 50,000 limit.",
    "- *Radius 50 km of Berlin*: the box read is index-only (38,000 entries, five points, "
    "6 ms); what grows with the city is Python ordering 38,000 ids. A distance-ordered "
    "spatial index (GiST with `<->`, or PostGIS) would read the nearest page first and stop.",
    "- *Exclusion*, *typo*: the GIN index reads the whole posting lists of `java`, `python` "
    "and `developer` (a third to half of the jobs) to rule documents out or intersect them "
    "with the span; a BM25 index with a top-k path would stop early.",
    "",
]
