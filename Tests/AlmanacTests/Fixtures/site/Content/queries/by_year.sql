-- Site-wide: visible on every page.
SELECT year, removed, removed * 1.0 / (SELECT sum(removed) FROM sample) AS share
FROM sample
ORDER BY year
