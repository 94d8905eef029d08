/**
 * Compiles parsed conditions into closures once, so evaluating them every physiology step allocates
 * nothing. Absent measurements (a monitor reading null) make any comparison with them false.
 */
import type { Expr } from './expr';

/** What a condition can see; the runtime implements it over the bed without copying. */
export interface EvalEnv {
  truth(key: string): number;
  /** NaN when the monitor has no reading. */
  measured(key: string): number;
  elapsedS(): number;
  stateTimeS(): number;
  actionGiven(name: string): boolean;
  episodeActive(label: string): boolean;
  inState(name: string): boolean;
}

export type NumFn = (env: EvalEnv) => number;
export type BoolFn = (env: EvalEnv) => boolean;

export function compileBool(e: Expr): BoolFn {
  switch (e.t) {
    case 'bool': {
      const v = e.v;
      return () => v;
    }
    case 'action': {
      const n = e.name;
      return (env) => env.actionGiven(n);
    }
    case 'episode': {
      const l = e.label;
      return (env) => env.episodeActive(l);
    }
    case 'state': {
      const n = e.name;
      return (env) => env.inState(n);
    }
    case 'not': {
      const f = compileBool(e.e);
      return (env) => !f(env);
    }
    case 'and': {
      const a = compileBool(e.a);
      const b = compileBool(e.b);
      return (env) => a(env) && b(env);
    }
    case 'or': {
      const a = compileBool(e.a);
      const b = compileBool(e.b);
      return (env) => a(env) || b(env);
    }
    case 'cmp': {
      const a = compileNum(e.a);
      const b = compileNum(e.b);
      // NaN (no reading) compares false for every operator, including '!='.
      switch (e.op) {
        case '<':
          return (env) => a(env) < b(env);
        case '<=':
          return (env) => a(env) <= b(env);
        case '>':
          return (env) => a(env) > b(env);
        case '>=':
          return (env) => a(env) >= b(env);
        case '==':
          return (env) => a(env) === b(env);
        case '!=':
          return (env) => {
            const x = a(env);
            const y = b(env);
            return x === x && y === y && x !== y;
          };
      }
      break;
    }
    default:
      break;
  }
  throw new Error(`compileBool: not a condition (${e.t}); the type checker should have caught this`);
}

export function compileNum(e: Expr): NumFn {
  switch (e.t) {
    case 'num':
    case 'dur': {
      const v = e.v;
      return () => v;
    }
    case 'truth': {
      const k = e.key;
      return (env) => env.truth(k);
    }
    case 'measured': {
      const k = e.key;
      return (env) => env.measured(k);
    }
    case 'elapsed':
      return (env) => env.elapsedS();
    case 'state_time':
      return (env) => env.stateTimeS();
    case 'neg': {
      const f = compileNum(e.e);
      return (env) => -f(env);
    }
    case 'arith': {
      const a = compileNum(e.a);
      const b = compileNum(e.b);
      switch (e.op) {
        case '+':
          return (env) => a(env) + b(env);
        case '-':
          return (env) => a(env) - b(env);
        case '*':
          return (env) => a(env) * b(env);
        case '/':
          return (env) => a(env) / b(env);
      }
      break;
    }
    default:
      break;
  }
  throw new Error(`compileNum: not a number (${e.t}); the type checker should have caught this`);
}
