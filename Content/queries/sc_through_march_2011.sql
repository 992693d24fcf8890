-- ICE's national figures from the start of the program through March 31, 2011: fingerprint
-- submissions checked, people arrested or booked in by ICE, people removed, and how many of
-- those removed had a criminal conviction (this release gave convictions, not levels).
WITH release AS (
  SELECT period_start, period_end, measure, value
  FROM sc_reported_figures
  WHERE scope = 'United States'
    AND period_end = '2011-03-31'
),
reported AS (
  SELECT
    min(period_start) AS period_start,
    max(period_end) AS period_end,
    CAST(max(value) FILTER (WHERE measure = 'sc_fingerprint_submissions') AS INTEGER) AS fingerprints,
    CAST(max(value) FILTER (WHERE measure = 'sc_arrests_or_bookins') AS INTEGER) AS arrested,
    CAST(max(value) FILTER (WHERE measure = 'sc_removals_total') AS INTEGER) AS removed,
    CAST(max(value) FILTER (WHERE measure = 'sc_removals_convicted') AS INTEGER) AS convicted
  FROM release
)
SELECT
  period_start,
  period_end,
  fingerprints,
  arrested,
  removed,
  convicted,
  removed - convicted AS not_convicted,
  1.0 * convicted / removed AS share_convicted,
  1.0 * (removed - convicted) / removed AS share_not_convicted
FROM reported
