/** What the handler's calls would refuse, said before the deploy with the message the deployment would give. */
import { callFailure, domainOf } from './context';
import { CREATE_OPERATION, KINDS, same } from './kind-rules';
import { MailEntityDeclaration, registeredEmail } from '../../lambda/reconcilers/mail-entity';
import type { DesiredResource } from '../../lambda/reconcilers/resource';
import type { LiveOrganization } from '../drift/live';
import { hasReference } from '../drift/references';
import type { EntityKindName } from '../model';

/** Where the declared address would be refused: held by another entity, or in a domain the organization lacks. */
export async function addressFailure(org: LiveOrganization, kind: EntityKindName, desired: MailEntityDeclaration, ownId: string | undefined,
  operation: string): Promise<string | undefined> {
  const email = registeredEmail(desired);
  if (email === undefined || hasReference(email)) return undefined;
  const ref = { kind, organizationId: org.organizationId, name: desired.name, id: ownId };
  const holder = [...(await org.entities())?.byId.values() ?? []].find((e) => e.id !== ownId && same(e.email, email));
  if (holder) {
    return callFailure(operation, ref, 'EmailAddressInUseException',
      `The address ${email} is already held by ${holder.kind} '${holder.name}' of organization ${org.organizationId}: remove it there first, or declare another address`);
  }
  if (!(await org.mailDomains()).includes(domainOf(email))) {
    return callFailure(operation, ref, 'MailDomainNotFoundException',
      `The domain ${domainOf(email)} of the address ${email} is not a mail domain of organization ${org.organizationId}: add and verify it in WorkMail, or declare an address in one of its domains`);
  }
  return undefined;
}

/** A resource that would neither auto-accept nor have a delegate, which WorkMail refuses. */
export function bookingFailure(kind: EntityKindName, desired: MailEntityDeclaration, organizationId: string, delegatesAfter: number):
string | undefined {
  if (kind !== 'resource' || (desired as DesiredResource).bookingOptions?.AutoAcceptRequests !== false || delegatesAfter > 0) return undefined;
  return callFailure('UpdateResource', { kind, organizationId, name: desired.name }, 'InvalidConfigurationException',
    'A resource without delegates must auto-accept requests: declare bookingOptions with autoAcceptRequests: true');
}

/** Create* refuses a name an entity already holds, unless the declaration adopts it. */
export function nameTakenFailure(kind: EntityKindName, organizationId: string, name: string): string {
  return callFailure(CREATE_OPERATION[kind], { kind, organizationId, name }, 'NameAvailabilityException',
    `The ${kind} already exists in the organization; set adoptExisting: true on the ${KINDS[kind].construct} `
    + 'to take it over (it is then reconciled, never re-created)');
}
