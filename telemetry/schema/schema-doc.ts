import { BATCH_SCHEMA, BEACON_SCHEMAS } from './beacon-schema.js';

interface FieldSchema {
  type?: string | readonly string[];
  const?: unknown;
  enum?: readonly unknown[];
  anyOf?: readonly FieldSchema[];
  description?: string;
  properties?: Record<string, FieldSchema>;
}

/** The published schema file's text (stable formatting, so a test can compare it). */
export function schemaJsonText(): string {
  return `${JSON.stringify(BATCH_SCHEMA, null, 2)}\n`;
}

/** `SCHEMA.md`: every field of every beacon with its type and its description (which states the unit). */
export function schemaMarkdown(): string {
  const lines: string[] = [
    '# Telemetry beacon schema, version 1',
    '',
    '<!-- Generated from telemetry/schema/beacon-schema.ts by `npm run telemetry:schema`; do not edit. -->',
    '',
    'A request body (`POST`, or a `sendBeacon` payload) is a **batch**; the JSON Schema is',
    '[`schema/beacon.schema.json`](schema/beacon.schema.json) (draft-07), checked against the TypeScript',
    'types in `types.ts` by the compiler. Units are in every description and in the field names',
    '(`Ms` milliseconds, `Sec` seconds, `Bps` bits per second).',
    '',
    '## Batch',
    '',
    ...table(BATCH_SCHEMA.properties as unknown as Record<string, FieldSchema>, BATCH_SCHEMA.required),
    '',
    '## Every beacon (envelope)',
    '',
    ...table(envelopeOf(BEACON_SCHEMAS.startup.properties as unknown as Record<string, FieldSchema>), BEACON_SCHEMAS.startup.required),
    '',
  ];
  for (const [type, schema] of Object.entries(BEACON_SCHEMAS)) {
    lines.push(`## \`${type}\``, '', schema.description, '', `\`data\`:`, '');
    lines.push(...table(schema.properties.data.properties as unknown as Record<string, FieldSchema>, schema.properties.data.required), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function envelopeOf(properties: Record<string, FieldSchema>): Record<string, FieldSchema> {
  const { data: _data, ...envelope } = properties;
  return { ...envelope, type: { type: 'string', description: 'The beacon type: one of the sections below (text).' }, data: { type: 'object', description: 'The fields of the beacon type (below).' } };
}

function table(properties: Record<string, FieldSchema>, required: readonly string[]): string[] {
  const rows = ['| field | type | required | meaning and unit |', '|---|---|---|---|'];
  for (const [name, field] of Object.entries(properties)) {
    rows.push(`| \`${name}\` | ${typeText(field)} | ${required.includes(name) ? 'yes' : 'no'} | ${(field.description ?? '').replace(/\|/g, '\\|')} |`);
  }
  return rows;
}

function typeText(field: FieldSchema): string {
  if (field.const !== undefined) return `\`${JSON.stringify(field.const)}\``;
  if (field.enum) return field.enum.map((value) => `\`${JSON.stringify(value)}\``).join(' \\| ');
  if (field.anyOf) return field.anyOf.map(typeText).join(' \\| ');
  if (field.type === undefined) return 'any JSON';
  if (field.properties && !Array.isArray(field.type) && field.type === 'object') return 'rendition';
  return (Array.isArray(field.type) ? field.type : [field.type]).join(' \\| ');
}
