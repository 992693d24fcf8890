-- ICE's most-cited national snapshot: everyone removed through Secure Communities from the
-- start of its statistics (October 1, 2008) through June 30, 2010.
-- ICE published the total, the Level 1 count and the non-criminal count; Levels 2 and 3
-- together are what is left after subtracting the other two (ICE did not publish them).
WITH snapshot AS (
  SELECT period_start, period_end, measure, value
  FROM sc_reported_figures
  WHERE scope = 'United States'
    AND period_start = '2008-10-01'
    AND period_end = '2010-06-30'
),
reported AS (
  SELECT
    min(period_start) AS period_start,
    max(period_end) AS period_end,
    CAST(max(value) FILTER (WHERE measure = 'sc_removals_total') AS INTEGER) AS removed,
    CAST(max(value) FILTER (WHERE measure = 'sc_removals_level1') AS INTEGER) AS level1,
    CAST(max(value) FILTER (WHERE measure = 'sc_removals_noncriminal') AS INTEGER) AS noncriminal
  FROM snapshot
)
SELECT
  period_start,
  period_end,
  -- length of the period in calendar months, counting both end months
  (CAST(strftime('%Y', period_end) AS INTEGER) - CAST(strftime('%Y', period_start) AS INTEGER)) * 12
    + CAST(strftime('%m', period_end) AS INTEGER) - CAST(strftime('%m', period_start) AS INTEGER) + 1
    AS months,
  removed,
  level1,
  noncriminal,
  removed - level1 - noncriminal AS level2_3,
  removed - level1 AS not_level1,
  1.0 * level1 / removed AS share_level1,
  1.0 * noncriminal / removed AS share_noncriminal,
  1.0 * (removed - level1 - noncriminal) / removed AS share_level2_3,
  1.0 * (removed - level1) / removed AS share_not_level1
FROM reported
