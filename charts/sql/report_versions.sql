-- report_versions: every version of the report at one URL ($1).
SELECT id, version, latest, loaded_at, fingerprint
FROM reports
WHERE url = $1
ORDER BY version DESC
