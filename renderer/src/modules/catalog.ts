/**
 * The reference modules shipped in modules/: manifest (name, version, description) and model card, read
 * at build time to offer them. The engine decides what it can actually attach, and what a module's
 * findings claim comes from the engine too (ModuleInfo.emits): this only describes them.
 */
import { parse } from 'yaml';

const manifests = import.meta.glob('../../../modules/*/module.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const cards = import.meta.glob('../../../modules/*/model-card.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface CatalogEntry {
  id: string;
  name: string;
  version: string;
  description: string;
  runtime: string;
  card: Record<string, string> | null;
}

const dirOf = (p: string) => p.split('/').slice(-2, -1)[0];

function safeParse(text: string): Record<string, unknown> | null {
  try {
    const v = parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export const CATALOG: CatalogEntry[] = Object.entries(manifests)
  .map(([p, text]) => {
    const id = dirOf(p);
    const m = safeParse(text) ?? {};
    const cardText = Object.entries(cards).find(([cp]) => dirOf(cp) === id)?.[1];
    const card = cardText ? safeParse(cardText) : null;
    return {
      id,
      name: String(m.name ?? id),
      version: String(m.version ?? ''),
      description: String(m.description ?? ''),
      runtime: String(m.runtime ?? ''),
      card: card ? (Object.fromEntries(Object.entries(card).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])) as Record<string, string>) : null,
    };
  })
  .sort((a, b) => a.id.localeCompare(b.id));

/** Model card of a reference module before it is attached (an attached module's comes with its ModuleInfo). */
export function modelCard(moduleId: string): Record<string, string> | null {
  const base = moduleId.replace(/^builtin:/, '').split('@')[0];
  return CATALOG.find((c) => c.id === base || c.name === base)?.card ?? null;
}
