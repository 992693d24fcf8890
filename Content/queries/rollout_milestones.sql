-- Milestones of the county-by-county rollout, from ICE's list of activation dates.
-- Population shares use the 2010 census population of every county in the file
-- (rows without a population count as zero).
WITH counties AS (
  SELECT county_fips, state_fips, state_name, county_name,
         coalesce(census2010_pop, 0) AS pop, sc_activation_date AS activated
  FROM sc_county_activation
),
totals AS (
  SELECT count(*) AS counties, sum(pop) AS population FROM counties
),
-- one row per activation day, with running totals of counties and population covered
by_day AS (
  SELECT activated,
         count(*) AS counties_that_day,
         sum(count(*)) OVER (ORDER BY activated) AS counties_active,
         sum(sum(pop)) OVER (ORDER BY activated) AS population_covered
  FROM counties
  WHERE activated IS NOT NULL
  GROUP BY activated
),
first_county AS (
  SELECT county_name, state_name FROM counties
  WHERE activated = (SELECT min(activated) FROM counties)
  ORDER BY pop DESC LIMIT 1
)
SELECT
  (SELECT min(activated) FROM by_day) AS first_date,
  (SELECT county_name FROM first_county) AS first_county,
  (SELECT state_name FROM first_county) AS first_state,
  (SELECT max(activated) FROM by_day) AS last_date,
  (SELECT counties_that_day FROM by_day ORDER BY activated DESC LIMIT 1) AS last_day_counties,
  (SELECT count(*) FROM by_day) AS activation_days,
  -- calendar length of the rollout, in years
  (julianday((SELECT max(activated) FROM by_day)) - julianday((SELECT min(activated) FROM by_day))) / 365.25
    AS years,
  totals.counties AS counties_total,
  (SELECT max(counties_active) FROM by_day) AS counties_activated,
  totals.counties - (SELECT max(counties_active) FROM by_day) AS counties_never_activated,
  totals.population AS population_total,
  1.0 * (SELECT max(population_covered) FROM by_day) / totals.population AS share_population_final,
  -- the first day on which activated counties held at least half the population / half the counties
  (SELECT min(activated) FROM by_day WHERE population_covered >= totals.population / 2.0)
    AS half_population_date,
  (SELECT min(activated) FROM by_day WHERE counties_active >= totals.counties / 2.0)
    AS half_counties_date,
  (SELECT count(DISTINCT state_fips) FROM counties) AS states_total,
  (SELECT count(*) FROM counties WHERE county_name IS NULL) AS rows_without_name,
  (SELECT count(*) FROM counties WHERE county_name IS NULL AND activated IS NOT NULL)
    AS rows_without_name_activated
FROM totals
