-- ICE counted "jurisdictions"; our data counts counties. For each date on which ICE reported
-- how many jurisdictions were active, count the counties (and states) whose activation date
-- falls on or before that date, so the two can be compared side by side.
WITH ice AS (
  SELECT period_end, CAST(value AS INTEGER) AS jurisdictions
  FROM sc_reported_figures
  WHERE scope = 'United States' AND measure = 'sc_jurisdictions_activated'
),
compared AS (
  SELECT
    ice.period_end,
    ice.jurisdictions,
    (SELECT count(*) FROM sc_county_activation AS c
      WHERE c.sc_activation_date <= ice.period_end) AS counties,
    (SELECT count(DISTINCT c.state_fips) FROM sc_county_activation AS c
      WHERE c.sc_activation_date <= ice.period_end) AS states
  FROM ice
)
-- one row, one column per checkpoint: the end of 2008 and the ends of fiscal years 2009-2011
SELECT
  max(period_end) FILTER (WHERE period_end = '2008-12-31') AS date_2008,
  max(counties) FILTER (WHERE period_end = '2008-12-31') AS counties_2008,
  max(jurisdictions) FILTER (WHERE period_end = '2008-12-31') AS jurisdictions_2008,
  max(period_end) FILTER (WHERE period_end = '2009-09-30') AS date_fy2009,
  max(counties) FILTER (WHERE period_end = '2009-09-30') AS counties_fy2009,
  max(jurisdictions) FILTER (WHERE period_end = '2009-09-30') AS jurisdictions_fy2009,
  max(period_end) FILTER (WHERE period_end = '2010-09-30') AS date_fy2010,
  max(counties) FILTER (WHERE period_end = '2010-09-30') AS counties_fy2010,
  max(states) FILTER (WHERE period_end = '2010-09-30') AS states_fy2010,
  max(jurisdictions) FILTER (WHERE period_end = '2010-09-30') AS jurisdictions_fy2010,
  max(period_end) FILTER (WHERE period_end = '2011-09-30') AS date_fy2011,
  max(counties) FILTER (WHERE period_end = '2011-09-30') AS counties_fy2011,
  max(jurisdictions) FILTER (WHERE period_end = '2011-09-30') AS jurisdictions_fy2011
FROM compared
