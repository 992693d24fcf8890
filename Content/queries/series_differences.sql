-- Where the removal series disagree: the Yearbook against ICE for fiscal 2013, and
-- one Yearbook edition against another for fiscal 1999 and 2008.
WITH yearbook_2013_edition AS (
  SELECT period, removals FROM removals_returns_fy1892_2013
),
yearbook_2008_edition AS (
  SELECT fiscal_year, removed FROM removed_by_criminal_status_country_fy1999_2008
  WHERE criminal_status = 'Total' AND region_or_country = 'Total'
),
yearbook_2003_edition AS (
  SELECT fiscal_year, removed FROM removed_by_criminal_status_country_fy1993_2003
  WHERE criminal_status = 'Total' AND region_or_country = 'Total'
)
SELECT
  (SELECT removals FROM yearbook_2013_edition WHERE period = '2013') AS yearbook_fy2013,
  (SELECT ice_removals_total FROM ice_removals_by_fiscal_year WHERE fiscal_year = 2013) AS ice_fy2013,
  (SELECT removed FROM yearbook_2008_edition WHERE fiscal_year = 1999) AS ed2008_fy1999,
  (SELECT removed FROM yearbook_2003_edition WHERE fiscal_year = 1999) AS ed2003_fy1999,
  (SELECT removed FROM yearbook_2008_edition WHERE fiscal_year = 2008) AS ed2008_fy2008,
  (SELECT removals FROM yearbook_2013_edition WHERE period = '2008') AS ed2013_fy2008
