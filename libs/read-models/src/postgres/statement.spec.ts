import { PgStatement, translateForPostgres } from './statement.js';

describe("the writers' SQLite statements as PostgreSQL runs them", () => {
  it('names the primary key of an upsert without a conflict target', () => {
    expect(
      translateForPostgres('INSERT INTO policies (agency_id) VALUES (@a) ON CONFLICT DO UPDATE SET x = 1'),
    ).toBe(
      'INSERT INTO policies (agency_id) VALUES (@a) ON CONFLICT (agency_id, policy_id) DO UPDATE SET x = 1',
    );
  });

  it('turns INSERT OR IGNORE into ON CONFLICT DO NOTHING, casting the select list to the columns', () => {
    expect(
      translateForPostgres(
        'INSERT OR IGNORE INTO trainings (position, agency_id, hours) SELECT @position, @agencyId, @hours WHERE EXISTS (SELECT 1)',
      ),
    ).toBe(
      'INSERT INTO trainings (position, agency_id, hours) SELECT CAST(@position AS bigint), CAST(@agencyId AS text), CAST(@hours AS double precision) WHERE EXISTS (SELECT 1) ON CONFLICT DO NOTHING',
    );
  });

  it('numbers the named parameters, a repeated one once', () => {
    expect(
      new PgStatement('UPDATE certificates SET revoked = 1 WHERE number = @n AND position < @p AND @n <> @p')
        .text,
    ).toBe('UPDATE certificates SET revoked = 1 WHERE number = $1 AND position < $2 AND $1 <> $2');
  });

  it("reads with SQLite's answer: camelCase aliases quoted, LIKE ignoring case, counts as integers", () => {
    expect(
      new PgStatement(
        `SELECT agency_id AS agencyId, COUNT(*) AS n FROM agencies WHERE name LIKE @q AND agency_id = ? ORDER BY agencyId, ?`,
      ).text,
    ).toBe(
      'SELECT agency_id AS "agencyId", CAST(COUNT(*) AS integer) AS n FROM agencies WHERE name ILIKE $1 AND agency_id = $2 ORDER BY "agencyId", $3',
    );
  });
});
