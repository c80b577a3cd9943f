-- Search: nothing to do on PostgreSQL. Its search configuration folds with the unaccent dictionary, which
-- spells out "ß", "æ", "ø", "ł", "ﬁ" and the rest; the SQLite migration of this name makes SQLite's index do
-- the same (lib/letter-folds.ts), so a search finds the same documents on both engines.
SELECT 1;
