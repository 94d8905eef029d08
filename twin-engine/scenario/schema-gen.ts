/**
 * Publishes the loader's schema definitions as JSON Schema (draft 2020-12) for editors
 * (yaml-language-server reads the `# yaml-language-server: $schema=…` line at the top of each file).
 * JSON Schema cannot check units' ranges or cross-references; the descriptions say what the loader checks.
 */
import { cohortSchema } from './cohort';
import { scenarioSchema } from './scenario-schema';
import type { Node, S } from './schema';
import { wardSchema } from './ward';
import { DIMENSIONS, formatQuantity } from './units';

type Json = Record<string, unknown>;

const NUMBER_SRC = '[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?';
const PARAM_SRC = '^\\$[a-z][a-z0-9_]*$';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function withDoc(j: Json, doc: string | undefined): Json {
  return doc ? { description: doc, ...j } : j;
}

function paramAlt(j: Json, param: boolean): Json {
  return param ? { anyOf: [j, { type: 'string', pattern: PARAM_SRC, description: 'A declared parameter, e.g. $onset.' }] } : j;
}

function convert(n: Node, defs: Record<string, Json>): Json {
  switch (n.k) {
    case 'string':
      return withDoc({ type: 'string', ...(n.pattern ? { pattern: n.pattern.source } : {}), ...(n.minLength ? { minLength: n.minLength } : {}), ...(n.maxLength ? { maxLength: n.maxLength } : {}) }, n.doc);
    case 'number': {
      const j = withDoc({ type: n.integer ? 'integer' : 'number', minimum: n.min, maximum: n.max }, n.doc ?? `${n.what}${n.unit ? ` (${n.unit})` : ''}`);
      return paramAlt(j, n.param);
    }
    case 'boolean':
      return withDoc({ type: 'boolean' }, n.doc);
    case 'scalar':
      return withDoc({ type: ['number', 'string', 'boolean'] }, n.doc);
    case 'enum':
      return withDoc({ enum: [...n.values] }, n.doc);
    case 'const':
      return withDoc({ const: n.value }, n.doc);
    case 'quantity': {
      const d = DIMENSIONS[n.dim];
      const units = Object.keys(d.units);
      const range = `${formatQuantity(n.min, n.dim)} to ${formatQuantity(n.max, n.dim)}`;
      const desc = `${n.doc ? `${n.doc} ` : ''}${n.what ?? d.what} like '${d.example}' (units: ${units.join(', ')}; allowed ${range}).`;
      const j = { type: 'string', pattern: `^\\s*${NUMBER_SRC}\\s*(${units.map(escapeRe).join('|')})\\s*$`, description: desc };
      return paramAlt(j, n.param);
    }
    case 'anyQuantity':
      return withDoc({ anyOf: [{ type: 'number' }, { type: 'string', pattern: `^\\s*${NUMBER_SRC}\\s*\\S.*$` }] }, n.doc ?? "A number, or a quantity with a unit like '20 min'.");
    case 'parsed':
      return { type: 'string', description: `${n.doc ? `${n.doc} ` : ''}Expected ${n.what}. Grammar: see twin-engine/scenario/expr.ts.` };
    case 'array':
      return withDoc({ type: 'array', items: convert(n.item, defs), ...(n.minItems ? { minItems: n.minItems } : {}), ...(n.maxItems !== undefined ? { maxItems: n.maxItems } : {}) }, n.doc);
    case 'object': {
      const properties: Json = {};
      const required: string[] = [];
      for (const [k, p] of Object.entries(n.props)) {
        const pj = convert(p.node, defs);
        properties[k] = p.default !== undefined && p.node.k !== 'quantity' && p.node.k !== 'parsed' && p.node.k !== 'ref' ? { ...pj, default: p.default } : pj;
        if (p.required) required.push(k);
      }
      return withDoc({ type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false }, n.doc);
    }
    case 'map':
      return withDoc({ type: 'object', propertyNames: { pattern: n.keyPattern.source }, additionalProperties: convert(n.value, defs) }, n.doc);
    case 'oneKey':
      return withDoc(
        {
          oneOf: Object.entries(n.variants).map(([k, v]) => ({ type: 'object', properties: { [k]: convert(v, defs) }, required: [k], additionalProperties: false })),
        },
        n.doc ?? `${n.what}: a mapping with exactly one key.`,
      );
    case 'ref':
      if (!(n.name in defs)) {
        defs[n.name] = {}; // placeholder first, so recursive references terminate
        defs[n.name] = convert(n.get(), defs);
      }
      return { $ref: `#/$defs/${n.name}` };
  }
}

export function toJsonSchema(schema: S<unknown>, title: string): Json {
  const defs: Record<string, Json> = {};
  const root = convert(schema.node, defs);
  const sortedDefs = Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b)));
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', title, ...root, ...(Object.keys(defs).length ? { $defs: sortedDefs } : {}) };
}

/** The three published schemas, as the exact text of scenarios/schema/*.json. */
export function generateSchemas(): Record<string, string> {
  const text = (j: Json) => `${JSON.stringify(j, null, 2)}\n`;
  return {
    'scenario.schema.json': text(toJsonSchema(scenarioSchema, 'WardTwin scenario')),
    'ward.schema.json': text(toJsonSchema(wardSchema, 'WardTwin ward')),
    'cohort.schema.json': text(toJsonSchema(cohortSchema, 'WardTwin cohort')),
  };
}
