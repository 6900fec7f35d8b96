/**
 * Nested stacks (`AWS::CloudFormation::Stack` with a template from the cloud
 * assembly), deployed as part of their parent: each nested template's
 * resources join the parent's under the id `<stack resource id>/<logical id>`,
 * its parameters are replaced by the values the parent passes (or their
 * defaults), and the parent's `Fn::GetAtt <stack>.Outputs.<name>` by the
 * output's value. The runner then orders, deploys and rolls back the whole
 * tree as one stack, as CloudFormation does within one stack operation.
 *
 * Unlike CloudFormation, the nested resources' events carry the parent's stack
 * id and name (there is one local stack): a handler that asks its stack's status
 * sees the parent's, which CloudFormation keeps in step with its nested stacks'
 * during an update or a rollback.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CfnResource, CfnTemplate, StackArtifact } from './assembly';

const STACK_TYPE = 'AWS::CloudFormation::Stack';
/** Written by CDK when asset metadata is enabled (the CLI's default). */
const ASSET_PATH_METADATA = 'aws:asset:path';
/** Separates a nested stack's resource id from its own resources' ids (not a character logical ids may hold). */
export const NESTED_ID_SEPARATOR = '/';

type Json = unknown;
type Outputs = Map<string, Map<string, Json>>;

/** The stack with its nested stacks' resources merged into its template (the stack itself when it has none). */
export function withNestedStacks(stack: StackArtifact): StackArtifact {
  const resources = stack.template.Resources ?? {};
  if (!Object.values(resources).some(r => r.Type === STACK_TYPE)) return stack;
  return { ...stack, template: flatten(stack, stack.template, '') };
}

function flatten(stack: StackArtifact, template: CfnTemplate, where: string): CfnTemplate {
  const resources: Record<string, CfnResource> = {};
  const outputs: Outputs = new Map();
  /** Nested stack id → the ids its resources now have, for DependsOn on the stack. */
  const members = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type !== STACK_TYPE) {
      resources[id] = resource;
      continue;
    }
    const label = `${where}${id}`;
    const nested = readNestedTemplate(stack, id, resource, label);
    if (nested.Conditions || nested.Mappings) {
      throw new Error(`nested stack ${label}: Conditions and Mappings in a nested template are not supported by the local runner`);
    }
    const inner = flatten(stack, nested, `${label}${NESTED_ID_SEPARATOR}`);
    const values = (resource.Properties?.Parameters ?? {}) as Record<string, Json>;
    const rename = renamer(id, inner, values, label);
    const ids: string[] = [];
    for (const [innerId, innerResource] of Object.entries(inner.Resources ?? {})) {
      const newId = `${id}${NESTED_ID_SEPARATOR}${innerId}`;
      const dependsOn = [...asList(innerResource.DependsOn).map(d => `${id}${NESTED_ID_SEPARATOR}${d}`), ...asList(resource.DependsOn)];
      resources[newId] = {
        ...(rename(innerResource) as CfnResource),
        ...(dependsOn.length > 0 ? { DependsOn: dependsOn } : { DependsOn: undefined }),
      };
      ids.push(newId);
    }
    members.set(id, ids);
    const innerOutputs = (nested as { Outputs?: Record<string, { Value: Json }> }).Outputs ?? {};
    outputs.set(id, new Map(Object.entries(innerOutputs).map(([name, o]) => [name, rename(o.Value)])));
  }
  const merged = replaceOutputReferences(resources, outputs, where);
  for (const resource of Object.values(merged)) {
    const deps = asList(resource.DependsOn).flatMap(d => members.get(d) ?? [d]);
    (resource as { DependsOn?: string[] }).DependsOn = deps.length > 0 ? deps : undefined;
  }
  return { ...template, Resources: merged };
}

/** The nested template: from the asset manifest (the object key of TemplateURL), or the asset path metadata. */
function readNestedTemplate(stack: StackArtifact, id: string, resource: CfnResource, label: string): CfnTemplate {
  const metadata = (resource as { Metadata?: Record<string, unknown> }).Metadata?.[ASSET_PATH_METADATA];
  const objectKey = JSON.stringify(resource.Properties?.TemplateURL ?? '').match(/([0-9a-f]{64}\.json)/)?.[1];
  const file = (objectKey && stack.assetsByObjectKey.get(objectKey))
    ?? (typeof metadata === 'string' ? path.resolve(stack.assemblyDir, metadata) : undefined);
  if (!file || !fs.existsSync(file)) {
    throw new Error(`nested stack ${label} (${id}): its template is not in the cloud assembly (TemplateURL ${JSON.stringify(resource.Properties?.TemplateURL)})`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as CfnTemplate;
}

/** Rewrites a nested template's values into the parent's namespace. */
function renamer(stackId: string, nested: CfnTemplate, values: Record<string, Json>, label: string): (value: Json) => Json {
  const own = new Set(Object.keys(nested.Resources ?? {}));
  const parameters = nested.Parameters ?? {};
  const prefixed = (id: string) => `${stackId}${NESTED_ID_SEPARATOR}${id}`;
  const parameter = (name: string): Json => {
    if (name in values) return values[name];
    if (parameters[name].Default !== undefined) return parameters[name].Default;
    throw new Error(`nested stack ${label}: parameter ${name} has no value and no default`);
  };
  const walk = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(walk);
    if (!value || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, Json>);
    if (entries.length === 1) {
      const [[key, arg]] = entries;
      if (key === 'Ref' && typeof arg === 'string') {
        if (arg in parameters) return parameter(arg);
        if (own.has(arg)) return { Ref: prefixed(arg) };
        return value;
      }
      if (key === 'Fn::GetAtt') {
        const [id, ...attribute] = typeof arg === 'string' ? arg.split('.') : (arg as Json[]);
        return { 'Fn::GetAtt': [own.has(id as string) ? prefixed(id as string) : id, ...(typeof arg === 'string' ? [attribute.join('.')] : attribute.map(walk))] };
      }
      if (key === 'Fn::Sub') {
        const [text, vars] = typeof arg === 'string' ? [arg, {}] : (arg as [string, Record<string, Json>?]);
        const local = vars ?? {};
        const renamed = text.replace(/\$\{([^}!][^}]*)\}/g, (whole, name: string) => {
          const head = name.trim().split('.')[0];
          if (head in local) return whole;
          if (head in parameters) throw new Error(`nested stack ${label}: Fn::Sub of parameter ${head} is not supported by the local runner`);
          return own.has(head) ? `\${${prefixed(name.trim())}}` : whole;
        });
        return { 'Fn::Sub': [renamed, walk(local)] };
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, walk(v)]));
  };
  return walk;
}

/** Replaces `Fn::GetAtt <nested stack>.Outputs.<name>` by the output's value, until none is left (outputs may pass through). */
function replaceOutputReferences(resources: Record<string, CfnResource>, outputs: Outputs, where: string): Record<string, CfnResource> {
  const output = (id: string, attribute: string): Json | undefined => {
    if (!outputs.has(id) || !attribute.startsWith('Outputs.')) return undefined;
    const name = attribute.slice('Outputs.'.length);
    const value = outputs.get(id)!.get(name);
    if (value === undefined) throw new Error(`nested stack ${where}${id} has no output ${name}`);
    return value;
  };
  let changed = true;
  const walk = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(walk);
    if (!value || typeof value !== 'object') return value;
    const getAtt = (value as Record<string, Json>)['Fn::GetAtt'];
    if (getAtt !== undefined && Object.keys(value).length === 1) {
      const [id, attribute] = typeof getAtt === 'string' ? [getAtt.split('.')[0], getAtt.split('.').slice(1).join('.')] : (getAtt as string[]);
      const replaced = typeof id === 'string' && typeof attribute === 'string' ? output(id, attribute) : undefined;
      if (replaced !== undefined) {
        changed = true;
        return replaced;
      }
    }
    return Object.fromEntries(Object.entries(value as Record<string, Json>).map(([k, v]) => [k, walk(v)]));
  };
  let current = resources;
  for (let pass = 0; changed; pass++) {
    if (pass > outputs.size + 1) throw new Error(`nested stacks of ${where || 'the stack'} pass outputs to each other in a cycle`);
    changed = false;
    current = walk(current) as Record<string, CfnResource>;
  }
  return current;
}

function asList(dependsOn: string | string[] | undefined): string[] {
  return dependsOn === undefined ? [] : Array.isArray(dependsOn) ? dependsOn : [dependsOn];
}
