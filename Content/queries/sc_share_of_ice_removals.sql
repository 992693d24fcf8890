-- Secure Communities' share of all ICE removals, as reported (rounded in the original),
-- and our cross-check for fiscal 2009: the program's own removal count divided by the
-- Yearbook's total removals for that fiscal year.
WITH reported_share AS (
  SELECT period_end, value, approximate
  FROM sc_reported_figures
  WHERE scope = 'United States' AND measure = 'sc_share_of_ice_removals'
),
sc_fy2009 AS (
  SELECT CAST(value AS INTEGER) AS removed
  FROM sc_reported_figures
  WHERE scope = 'United States' AND measure = 'sc_removals_total'
    AND period_start = '2008-10-01' AND period_end = '2009-09-30'
),
yearbook_fy2009 AS (
  SELECT removals FROM removals_returns_fy1892_2013 WHERE period = '2009'
)
SELECT
  strftime('%Y', min(period_end)) AS first_fiscal_year,
  max(value) FILTER (WHERE period_end = '2009-09-30') AS share_fy2009,
  max(value) FILTER (WHERE period_end = '2011-09-30') AS share_fy2011,
  strftime('%Y', max(period_end)) AS last_fiscal_year,
  (SELECT removed FROM sc_fy2009) AS sc_removals_fy2009,
  (SELECT removals FROM yearbook_fy2009) AS yearbook_removals_fy2009,
  1.0 * (SELECT removed FROM sc_fy2009) / (SELECT removals FROM yearbook_fy2009) AS computed_share_fy2009
FROM reported_share
