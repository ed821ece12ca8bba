// `npm run telemetry:schema`: writes the published JSON Schema and SCHEMA.md from telemetry/schema/beacon-schema.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaJsonText, schemaMarkdown } from '../telemetry/schema/schema-doc.js';

const root = join(import.meta.dirname, '..', 'telemetry');
writeFileSync(join(root, 'schema', 'beacon.schema.json'), schemaJsonText());
writeFileSync(join(root, 'SCHEMA.md'), schemaMarkdown());
console.log('wrote telemetry/schema/beacon.schema.json and telemetry/SCHEMA.md');
