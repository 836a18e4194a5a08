import { readdirSync, readFileSync } from 'node:fs';
import { CURRENT_SCHEMA_VERSIONS, EVENT_TYPES } from './registry.js';
import { upcast } from './upcast.js';
import { fromJson, toJson, type StoredEventJson } from './serialization.js';
import { eventHash } from './hash-chain.js';

/**
 * The stored format is frozen: `test/fixtures/<EventType>.v<N>.json` holds one event as it was
 * written at each schema version ever used. Reading them must keep working forever (upcast to the
 * current version), and their hashes must keep verifying (G6: exports are checked offline).
 */
const DIR = new URL('../test/fixtures/', import.meta.url);
const NAME = /^([A-Za-z]+)\.v(\d+)\.json$/;
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
const fixtures = files.map((file) => ({
  file,
  json: JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as StoredEventJson,
}));

describe('stored event fixtures', () => {
  it('are all named <EventType>.v<N>.json and agree with their contents', () => {
    for (const { file, json } of fixtures) {
      const [, type, version] = NAME.exec(file) ?? [];
      expect({
        file,
        type: json.type,
        schemaVersion: json.schemaVersion,
        metadataVersion: json.metadata.schemaVersion,
      }).toEqual({
        file,
        type,
        schemaVersion: Number(version),
        metadataVersion: Number(version),
      });
    }
  });

  it('cover exactly the registry: every known type at every version up to the current one, nothing else', () => {
    const expected = EVENT_TYPES.flatMap((t) =>
      Array.from({ length: CURRENT_SCHEMA_VERSIONS[t] }, (_, i) => `${t}.v${i + 1}.json`),
    ).sort();
    expect(files).toEqual(expected);
  });

  it.each(fixtures.map((f) => [f.file, f.json] as const))(
    '%s upcasts to the current version (identity at v1)',
    (_file, json) => {
      const result = upcast(json.type, json.schemaVersion, json.data);
      expect(result.schemaVersion).toBe(
        CURRENT_SCHEMA_VERSIONS[json.type as keyof typeof CURRENT_SCHEMA_VERSIONS],
      );
      if (json.schemaVersion === result.schemaVersion) expect(result.data).toEqual(json.data);
    },
  );

  it.each(fixtures.map((f) => [f.file, f.json] as const))(
    '%s round-trips through fromJson/toJson and its hash verifies',
    (_file, json) => {
      const stored = fromJson(json);
      expect(typeof stored.revision).toBe('bigint');
      expect(toJson(stored)).toEqual(json);
      expect(eventHash(stored)).toBe(json.hash);
    },
  );
});
