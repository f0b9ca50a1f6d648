-- name: recorded_issuer
-- The recorded issuer an option names: its id, or one of its aliases (a CIK, a ticker),
-- case-insensitively; a CIK may be written with its leading zeros.
SELECT issuer
FROM issuers
WHERE lower(issuer) = lower($name)
   OR list_contains(list_transform(aliases, lambda a: lower(a)), lower($name))
   OR (regexp_full_match($name, '0+[0-9]+')
       AND list_contains(aliases, ltrim($name, '0')))
ORDER BY issuer
LIMIT 1;

-- name: issuers
-- The registered issuers, for resolving an --issuer option (id, stock code, ticker or alias).
SELECT issuer, name, aliases FROM issuers ORDER BY issuer;

-- name: add_aliases
-- IssuerAliasAdded: the registered issuer's new aliases, after the ones it has.
UPDATE issuers
SET aliases = list_concat(aliases, list_filter(CAST($aliases AS VARCHAR[]),
                                               lambda a: NOT list_contains(aliases, a)))
WHERE issuer = $issuer;
