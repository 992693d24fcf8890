-- How Secure Communities reached California, county by county, and how much of the
-- national population in activated counties was Californian by the end of June 2010
-- (the end of ICE's most-cited removal snapshot).
WITH ca AS (
  SELECT county_name, census2010_pop AS pop, sc_activation_date AS activated, statewide_activation_date
  FROM sc_county_activation
  WHERE state_name = 'California'
),
first_county AS (
  SELECT county_name, activated FROM ca ORDER BY activated, pop DESC LIMIT 1
),
national_june_2010 AS (
  SELECT sum(census2010_pop) AS pop
  FROM sc_county_activation
  WHERE sc_activation_date <= '2010-06-30'
)
SELECT
  (SELECT county_name FROM first_county) AS first_county,
  (SELECT activated FROM first_county) AS first_date,
  count(*) AS counties,
  count(*) FILTER (WHERE activated <= '2010-06-30') AS active_june_2010,
  count(*) FILTER (WHERE activated <= '2010-12-31') AS active_end_2010,
  max(activated) AS last_date,
  max(statewide_activation_date) AS statewide_date,
  sum(pop) AS population,
  sum(pop) FILTER (WHERE activated <= '2010-06-30') AS pop_june_2010,
  1.0 * sum(pop) FILTER (WHERE activated <= '2010-06-30') / sum(pop) AS share_state_pop_june_2010,
  (SELECT pop FROM national_june_2010) AS us_pop_june_2010,
  1.0 * sum(pop) FILTER (WHERE activated <= '2010-06-30') / (SELECT pop FROM national_june_2010)
    AS share_of_us_covered_june_2010
FROM ca
