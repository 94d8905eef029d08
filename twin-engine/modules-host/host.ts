/**
 * Runs attached modules on each 1 Hz numerics frame, measures their compute time, and quarantines a
 * module that throws or emits malformed output — the simulation and the other modules carry on.
 */
import type { Finding, ModuleInfo, ModuleStatus } from '../session/api';
import { BUILTIN_MODULES, type BuiltinModule, type FindingDraft, type ModuleInput } from './builtin';

/** Mean compute time above which a module is reported 'slow' (a 1 Hz module should take well under this). */
const SLOW_MEAN_MS = 20;
const VALID_SEVERITIES = new Set(['info', 'low', 'medium', 'high']);

interface Attached {
  module: BuiltinModule;
  moduleId: string;
  status: ModuleStatus;
  statusReason: string | null;
  totalMs: number;
  calls: number;
  findings: number;
}

export interface ModuleHostOutput {
  finding(f: Finding): void;
  status(moduleId: string, status: ModuleStatus, message: string): void;
}

export class ModuleHost {
  private readonly attached: Attached[] = [];

  attachBuiltin(id: string): ModuleInfo {
    const make = BUILTIN_MODULES[id];
    if (!make) {
      throw new Error(
        `Unknown built-in module '${id}'. Available: ${Object.keys(BUILTIN_MODULES).join(', ')}`,
      );
    }
    if (this.attached.some((a) => a.moduleId === id)) throw new Error(`Module '${id}' is already attached`);
    const module = make();
    const a: Attached = { module, moduleId: id, status: 'running', statusReason: null, totalMs: 0, calls: 0, findings: 0 };
    this.attached.push(a);
    return this.info(a);
  }

  detach(moduleId: string): void {
    const i = this.attached.findIndex((a) => a.moduleId === moduleId);
    if (i < 0) throw new Error(`No module '${moduleId}' is attached`);
    this.attached.splice(i, 1);
  }

  list(): ModuleInfo[] {
    return this.attached.map((a) => this.info(a));
  }

  get size(): number {
    return this.attached.length;
  }

  onNumerics(input: ModuleInput, out: ModuleHostOutput): void {
    for (const a of this.attached) {
      if (a.status === 'quarantined') continue;
      const drafts: FindingDraft[] = [];
      const t0 = performance.now();
      try {
        a.module.onNumerics(input, (f) => drafts.push(f));
      } catch (err) {
        this.quarantine(a, `threw: ${err instanceof Error ? err.message : String(err)}`, out);
        continue;
      } finally {
        a.totalMs += performance.now() - t0;
        a.calls++;
      }
      for (const d of drafts) {
        const problem = checkDraft(d);
        if (problem) {
          this.quarantine(a, `emitted a malformed finding: ${problem}`, out);
          break;
        }
        a.findings++;
        out.finding({ ...d, moduleId: a.moduleId, bedId: input.bedId, simTimeS: input.simTimeS });
      }
      const slow = a.totalMs / a.calls > SLOW_MEAN_MS;
      if (a.status === 'running' && slow) {
        a.status = 'slow';
        out.status(a.moduleId, 'slow', `mean compute ${(a.totalMs / a.calls).toFixed(1)} ms per call`);
      }
    }
  }

  private quarantine(a: Attached, reason: string, out: ModuleHostOutput): void {
    a.status = 'quarantined';
    a.statusReason = reason;
    out.status(a.moduleId, 'quarantined', `Module '${a.moduleId}' quarantined: ${reason}`);
  }

  private info(a: Attached): ModuleInfo {
    return {
      moduleId: a.moduleId,
      name: a.module.name,
      version: a.module.version,
      status: a.status,
      statusReason: a.statusReason,
      meanComputeMs: a.calls ? a.totalMs / a.calls : 0,
      findings: a.findings,
    };
  }
}

function checkDraft(d: FindingDraft): string | null {
  if (typeof d !== 'object' || d === null) return 'not an object';
  if (typeof d.label !== 'string' || d.label.length === 0) return 'label must be a non-empty string';
  if (typeof d.score !== 'number' || !Number.isFinite(d.score)) return `score must be a finite number, got ${String(d.score)}`;
  if (!VALID_SEVERITIES.has(d.severity)) return `severity must be info|low|medium|high, got ${String(d.severity)}`;
  if (typeof d.message !== 'string') return 'message must be a string';
  return null;
}
