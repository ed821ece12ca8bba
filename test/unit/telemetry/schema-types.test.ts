import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BATCH_SCHEMA, BEACON_SCHEMAS } from '../../../telemetry/schema/beacon-schema.js';
import type { BeaconBatch, BeaconOf, BeaconType, TelemetryBeacon } from '../../../telemetry/types.js';
import { schemaJsonText, schemaMarkdown } from '../../../telemetry/schema/schema-doc.js';
import type { FromSchema, Same } from './from-schema.js';

// Compile-time: `tsc --noEmit` (npm run typecheck) fails here when the schema and the types drift.
type SchemaOf<T extends BeaconType> = FromSchema<(typeof BEACON_SCHEMAS)[T]>;
const sameTypes: { [T in BeaconType]: Same<SchemaOf<T>, BeaconOf<T>> } = {
  session_start: true,
  startup: true,
  exit_before_start: true,
  quality_change: true,
  rebuffer_start: true,
  rebuffer_end: true,
  seek: true,
  error: true,
  heartbeat: true,
  session_end: true,
  page_vitals: true,
};
const sameBatch: Same<FromSchema<typeof BATCH_SCHEMA>, BeaconBatch> = true;
const sameUnion: Same<FromSchema<(typeof BATCH_SCHEMA)['properties']['beacons']['items']>, TelemetryBeacon> = true;

describe('beacon schema', () => {
  it('describes exactly the TypeScript beacon types (checked by the compiler)', () => {
    expect(Object.values(sameTypes).every(Boolean) && sameBatch && sameUnion).toBe(true);
  });

  it('has one schema per beacon type, and every data field has a description', () => {
    for (const [type, schema] of Object.entries(BEACON_SCHEMAS)) {
      expect(schema.properties.type.const).toBe(type);
      for (const [field, property] of Object.entries(schema.properties.data.properties)) {
        expect((property as { description?: string }).description, `${type}.data.${field}`).toMatch(/\w/);
      }
    }
  });
});

describe('published schema files', () => {
  it('beacon.schema.json is the schema in beacon-schema.ts (run `npm run telemetry:schema` after changing it)', () => {
    expect(readFileSync(new URL('../../../telemetry/schema/beacon.schema.json', import.meta.url), 'utf8')).toBe(schemaJsonText());
  });

  it('SCHEMA.md documents the current schema (run `npm run telemetry:schema` after changing it)', () => {
    expect(readFileSync(new URL('../../../telemetry/SCHEMA.md', import.meta.url), 'utf8')).toBe(schemaMarkdown());
  });
});
