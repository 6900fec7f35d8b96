/**
 * The CloudFormation intrinsic functions the runner resolves, and the
 * references between resources they imply (for ordering).
 *
 * Only what a CDK app's WorkMail resources plausibly use is supported; any
 * other intrinsic fails with its name and the resource that used it rather
 * than being passed through as an object the handler would not understand.
 */
import type { CfnTemplate } from './assembly';

/** `Ref: AWS::NoValue`: the property (or list element) is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export interface PseudoParameters {
  readonly region: string;
  readonly account: string;
  readonly partition: string;
  readonly urlSuffix: string;
  readonly stackName: string;
  readonly stackId: string;
}

/** Values of the template's resources: the runner's state for deployed ones, plausible strings for the rest. */
export interface ResourceValues {
  ref(logicalId: string, where: string): string;
  getAtt(logicalId: string, attribute: string, where: string): string;
}

export class IntrinsicError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntrinsicError';
  }
}

const PSEUDO = ['AWS::Region', 'AWS::AccountId', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::StackName', 'AWS::StackId', 'AWS::NoValue', 'AWS::NotificationARNs'];

export function partitionOf(region: string): { partition: string; urlSuffix: string } {
  if (region.startsWith('cn-')) return { partition: 'aws-cn', urlSuffix: 'amazonaws.com.cn' };
  if (region.startsWith('us-gov-')) return { partition: 'aws-us-gov', urlSuffix: 'amazonaws.com' };
  return { partition: 'aws', urlSuffix: 'amazonaws.com' };
}

export class Resolver {
  private readonly conditionCache = new Map<string, boolean>();

  constructor(
    private readonly template: CfnTemplate,
    private readonly pseudo: PseudoParameters,
    private readonly resources: ResourceValues,
  ) {}

  /** Resolves every intrinsic in `value`; `where` names the resource for error messages. */
  public resolve(value: unknown, where: string): unknown {
    if (Array.isArray(value)) {
      return value.map(v => this.resolve(v, where)).filter(v => v !== NO_VALUE);
    }
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1 && isIntrinsicName(entries[0][0])) {
      return this.intrinsic(entries[0][0], entries[0][1], where);
    }
    const result: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const resolved = this.resolve(v, where);
      if (resolved !== NO_VALUE) result[k] = resolved;
    }
    return result;
  }

  /** Evaluates a named condition of the template's `Conditions` section. */
  public condition(name: string): boolean {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    const definition = this.template.Conditions?.[name];
    if (definition === undefined) throw new IntrinsicError(`condition "${name}" is not defined in the template`);
    const value = this.evaluateCondition(definition, `condition ${name}`);
    this.conditionCache.set(name, value);
    return value;
  }

  private intrinsic(name: string, arg: unknown, where: string): unknown {
    switch (name) {
      case 'Ref':
        return this.ref(this.str(this.resolve(arg, where), name, where), where);
      case 'Fn::GetAtt':
        return this.getAtt(arg, where);
      case 'Fn::Join': {
        const [delimiter, list] = this.args(arg, 2, name, where);
        return this.list(this.resolve(list, where), name, where).map(v => this.str(v, name, where)).join(this.str(delimiter, name, where));
      }
      case 'Fn::Select': {
        const [index, list] = this.args(arg, 2, name, where);
        const items = this.list(this.resolve(list, where), name, where);
        const i = Number(this.str(this.resolve(index, where), name, where));
        if (!Number.isInteger(i) || i < 0 || i >= items.length) {
          throw new IntrinsicError(`${where}: Fn::Select index ${i} is out of range for a list of ${items.length}`);
        }
        return items[i];
      }
      case 'Fn::Split': {
        const [delimiter, source] = this.args(arg, 2, name, where);
        return this.str(this.resolve(source, where), name, where).split(this.str(delimiter, name, where));
      }
      case 'Fn::Sub':
        return this.sub(arg, where);
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = this.args(arg, 3, name, where);
        return this.resolve(this.condition(this.str(condition, name, where)) ? whenTrue : whenFalse, where);
      }
      case 'Fn::FindInMap': {
        const [map, top, second] = this.args(arg, 3, name, where).map(v => this.str(this.resolve(v, where), name, where));
        const value = this.template.Mappings?.[map]?.[top]?.[second];
        if (value === undefined) throw new IntrinsicError(`${where}: Fn::FindInMap found nothing at ${map}/${top}/${second}`);
        return value;
      }
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map(z => `${this.pseudo.region}${z}`);
      case 'Fn::Base64':
        return Buffer.from(this.str(this.resolve(arg, where), name, where), 'utf8').toString('base64');
      default:
        throw new IntrinsicError(`${where}: the intrinsic function ${name} is not supported by the local runner`);
    }
  }

  private ref(name: string, where: string): unknown {
    switch (name) {
      case 'AWS::Region': return this.pseudo.region;
      case 'AWS::AccountId': return this.pseudo.account;
      case 'AWS::Partition': return this.pseudo.partition;
      case 'AWS::URLSuffix': return this.pseudo.urlSuffix;
      case 'AWS::StackName': return this.pseudo.stackName;
      case 'AWS::StackId': return this.pseudo.stackId;
      case 'AWS::NoValue': return NO_VALUE;
      case 'AWS::NotificationARNs': return [];
      default:
    }
    const parameter = this.template.Parameters?.[name];
    if (parameter) {
      if (parameter.Default === undefined || parameter.Type.startsWith('AWS::SSM::')) {
        throw new IntrinsicError(`${where}: parameter ${name} (${parameter.Type}) has no value the local runner can use (only plain parameters with a Default)`);
      }
      return parameter.Type.startsWith('List<') || parameter.Type === 'CommaDelimitedList'
        ? String(parameter.Default).split(',')
        : parameter.Default;
    }
    if (this.template.Resources?.[name]) return this.resources.ref(name, where);
    throw new IntrinsicError(`${where}: Ref to "${name}", which is neither a resource, a parameter nor a pseudo parameter`);
  }

  private getAtt(arg: unknown, where: string): string {
    let logicalId: string;
    let attribute: string;
    if (typeof arg === 'string') {
      const dot = arg.indexOf('.');
      [logicalId, attribute] = [arg.slice(0, dot), arg.slice(dot + 1)];
    } else {
      const [id, attr] = this.args(arg, 2, 'Fn::GetAtt', where);
      logicalId = this.str(id, 'Fn::GetAtt', where);
      attribute = this.str(this.resolve(attr, where), 'Fn::GetAtt', where);
    }
    if (!this.template.Resources?.[logicalId]) {
      throw new IntrinsicError(`${where}: Fn::GetAtt of "${logicalId}", which is not a resource of the template`);
    }
    return this.resources.getAtt(logicalId, attribute, where);
  }

  private sub(arg: unknown, where: string): string {
    let text: string;
    let variables: Record<string, unknown> = {};
    if (typeof arg === 'string') {
      text = arg;
    } else {
      const [t, vars] = this.args(arg, 2, 'Fn::Sub', where);
      text = this.str(t, 'Fn::Sub', where);
      variables = (vars ?? {}) as Record<string, unknown>;
    }
    return text.replace(/\$\{([^}]*)\}/g, (_match, expr: string) => {
      // `${!Literal}` is CloudFormation's escape for a literal `${Literal}`.
      if (expr.startsWith('!')) return '${' + expr.slice(1) + '}';
      const name = expr.trim();
      if (name in variables) return this.str(this.resolve(variables[name], where), 'Fn::Sub', where);
      if (name.includes('.') && !PSEUDO.includes(name)) return this.getAtt(name, where);
      return this.str(this.ref(name, where), 'Fn::Sub', where);
    });
  }

  private evaluateCondition(value: unknown, where: string): boolean {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 1) {
        const [name, arg] = entries[0];
        switch (name) {
          case 'Condition':
            return this.condition(this.str(arg, name, where));
          case 'Fn::Equals': {
            const [a, b] = this.args(arg, 2, name, where).map(v => this.resolve(v, where));
            return JSON.stringify(scalarToString(a)) === JSON.stringify(scalarToString(b));
          }
          case 'Fn::Not':
            return !this.evaluateCondition(this.args(arg, 1, name, where)[0], where);
          case 'Fn::And':
            return this.list(arg, name, where).every(c => this.evaluateCondition(c, where));
          case 'Fn::Or':
            return this.list(arg, name, where).some(c => this.evaluateCondition(c, where));
          default:
        }
      }
    }
    throw new IntrinsicError(`${where}: cannot evaluate condition ${JSON.stringify(value)}`);
  }

  private args(arg: unknown, count: number, name: string, where: string): unknown[] {
    if (!Array.isArray(arg) || arg.length !== count) {
      throw new IntrinsicError(`${where}: ${name} expects a list of ${count} arguments`);
    }
    return arg;
  }

  private list(value: unknown, name: string, where: string): unknown[] {
    if (!Array.isArray(value)) throw new IntrinsicError(`${where}: ${name} expects a list, got ${typeof value}`);
    return value;
  }

  private str(value: unknown, name: string, where: string): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new IntrinsicError(`${where}: ${name} expects a string, got ${Array.isArray(value) ? 'a list' : typeof value}`);
  }
}

function isIntrinsicName(key: string): boolean {
  return key === 'Ref' || key.startsWith('Fn::');
}

function scalarToString(v: unknown): unknown {
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
}

/**
 * The logical ids a value refers to through `Ref`, `Fn::GetAtt` and `Fn::Sub`
 * (pseudo parameters and parameters included; callers keep the resources).
 */
export function references(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach(v => references(v, into));
  } else if (value && typeof value === 'object') {
    for (const [key, arg] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'Ref' && typeof arg === 'string') {
        into.add(arg);
      } else if (key === 'Fn::GetAtt') {
        if (typeof arg === 'string') into.add(arg.split('.')[0]);
        else if (Array.isArray(arg) && typeof arg[0] === 'string') into.add(arg[0]);
      } else if (key === 'Fn::Sub') {
        const [text, vars] = typeof arg === 'string' ? [arg, {}] : Array.isArray(arg) ? [arg[0], arg[1] ?? {}] : ['', {}];
        if (typeof text === 'string') {
          for (const m of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
            const name = m[1].trim();
            if (!(name in (vars as object))) into.add(name.split('.')[0]);
          }
        }
        references(vars, into);
      } else {
        references(arg, into);
      }
    }
  }
  return into;
}

/**
 * CloudFormation hands custom resources every scalar as a string:
 * `true` becomes "true", `42` becomes "42", recursively.
 */
export function toCfnStrings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toCfnStrings);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toCfnStrings(v)]));
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value;
}
