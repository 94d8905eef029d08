/**
 * The reference modules shipped in modules/: manifest (name, version, what its labels detect) and model
 * card, read at build time. The engine decides what it can actually attach; this only describes them.
 */
import { parse } from 'yaml';
import { BUILTIN_CARDS } from '../../../twin-engine/evaluation/model-cards';

const manifests = import.meta.glob('../../../modules/*/module.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const cards = import.meta.glob('../../../modules/*/model-card.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface CatalogEntry {
  id: string;
  name: string;
  version: string;
  description: string;
  runtime: string;
  /** Truth-episode labels its findings claim (module.yaml `emits[].detects`). */
  targets: string[];
  /** Finding label → the episode labels it claims. */
  detects: Record<string, string[]>;
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
    const emits = Array.isArray(m.emits) ? (m.emits as { label?: string; detects?: string[] }[]) : [];
    const cardText = Object.entries(cards).find(([cp]) => dirOf(cp) === id)?.[1];
    const card = cardText ? safeParse(cardText) : null;
    return {
      id,
      name: String(m.name ?? id),
      version: String(m.version ?? ''),
      description: String(m.description ?? ''),
      runtime: String(m.runtime ?? ''),
      targets: [...new Set(emits.flatMap((e) => e.detects ?? (e.label ? [e.label] : [])))],
      detects: Object.fromEntries(emits.filter((e) => e.label).map((e) => [e.label as string, e.detects ?? [e.label as string]])),
      card: card ? (Object.fromEntries(Object.entries(card).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])) as Record<string, string>) : null,
    };
  })
  .sort((a, b) => a.id.localeCompare(b.id));

/** Model card for a module: its own model-card.yaml, else the evaluation's built-in card. */
export function modelCard(moduleId: string): Record<string, string> | null {
  const base = moduleId.replace(/^builtin:/, '').split('@')[0];
  const fromCatalog = CATALOG.find((c) => c.id === base || c.name === base)?.card;
  if (fromCatalog) return fromCatalog;
  const b = BUILTIN_CARDS[base];
  return b ? { ...b } : null;
}

/** The episode labels one finding label of a module claims. */
export function findingClaims(moduleId: string, label: string): string[] {
  const base = moduleId.replace(/^builtin:/, '').split('@')[0];
  return CATALOG.find((c) => c.id === base || c.name === base)?.detects[label] ?? [label];
}

/** The episode labels a module's findings are scored against. */
export function moduleTargets(moduleId: string, findingLabels: readonly string[]): string[] {
  const base = moduleId.replace(/^builtin:/, '').split('@')[0];
  const t = CATALOG.find((c) => c.id === base || c.name === base)?.targets ?? [];
  return t.length ? t : [...new Set(findingLabels)];
}
