/**
 * CreateAlias and DeleteAlias for one address, idempotent, with messages that
 * say which address failed and what to do about it. CreateAlias needs no read
 * first: what a refusal means (the entity's own primary address, an entity not
 * registered) is read only when it is refused.
 */
import { CreateAliasCommand, DeleteAliasCommand } from '@aws-sdk/client-workmail';
import { listAliases, primaryIfRegistered, readRegisteredPrimary } from './owner';
import { MAX_ALIASES } from './parse';
import { isWorkMailError } from '../../errors';
import { logDecision, sameText } from '../decisions';
import { LiveEntityRef } from '../entity-lifecycle';
import { HandlerDeps } from '../reconciler';

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

/** What CreateAlias did: added the alias (or found it added), or found it is the entity's primary address. */
export type CreateAliasResult = 'added' | 'primary';

/**
 * `primary`: the entity's primary address when known (ListAliases may list it among the aliases);
 * undefined: it is read only if CreateAlias is refused.
 */
export async function createAlias(deps: HandlerDeps, ref: LiveEntityRef, primary: string | undefined, alias: string): Promise<CreateAliasResult> {
  const organization = ref.organizationId;
  try {
    await deps.workmail.send(new CreateAliasCommand({ OrganizationId: organization, EntityId: ref.id, Alias: alias }), ref);
    return 'added';
  } catch (err) {
    if (isWorkMailError(err, 'EntityNotFoundException', 'EntityStateException')) {
      // Missing, DELETED or not registered: say which (and how to fix it); else the refusal stands as it is.
      await readRegisteredPrimary(deps, ref);
      throw err;
    }
    if (isWorkMailError(err, 'EmailAddressInUseException')) {
      const own = primary ?? await readRegisteredPrimary(deps, ref);
      if (sameText(own, alias)) {
        logDecision(deps, 'skip-primary-address', ref, { alias, reason: 'the declared alias is the entity\'s primary address' });
        return 'primary';
      }
      // A retried call whose first attempt took effect (lost response) finds the address taken by this very entity.
      if ((await listAliases(deps, ref, own)).some((held) => sameText(held, alias))) {
        logDecision(deps, 'alias-already-added', ref, { alias, errorName: err.errorName });
        return 'added';
      }
      throw err.withHint(`The address ${alias} is already held by another entity of organization ${organization}: ` +
        'remove it there first, or declare another alias');
    }
    if (isWorkMailError(err, 'MailDomainNotFoundException')) {
      throw err.withHint(`The domain ${domainOf(alias)} of the alias ${alias} is not a mail domain of organization ${organization}: ` +
        'add and verify it in WorkMail, or declare an address in one of its domains');
    }
    if (isWorkMailError(err, 'MailDomainStateException')) {
      throw err.withHint(`The domain ${domainOf(alias)} of the alias ${alias} is not verified (or not usable) in organization ${organization}: ` +
        'finish its verification in WorkMail first');
    }
    if (isWorkMailError(err, 'LimitExceededException')) {
      const held = (await listAliases(deps, ref, primary ?? await readRegisteredPrimary(deps, ref))).length;
      throw err.withHint(`WorkMail allows at most ${MAX_ALIASES} aliases per entity, and the ${ref.kind} already holds ${held} ` +
        `(declared or made by hand) besides its primary address, so ${alias} cannot be added: declare fewer aliases or remove some first`);
    }
    throw err;
  }
}

/**
 * Removing an address the entity no longer has is a success. Never given the primary address. Whether
 * DeleteAlias answers an absent alias (removed by hand, or by a retried call whose first attempt took
 * effect) with success or EntityNotFoundException is undocumented: the latter, from an entity still
 * registered, is the alias being absent.
 */
export async function deleteAlias(deps: HandlerDeps, ref: LiveEntityRef, alias: string): Promise<void> {
  try {
    await deps.workmail.send(new DeleteAliasCommand({ OrganizationId: ref.organizationId, EntityId: ref.id, Alias: alias }), ref);
  } catch (err) {
    if (!isWorkMailError(err, 'EntityNotFoundException') || await primaryIfRegistered(deps, ref) === undefined) throw err;
    logDecision(deps, 'alias-already-absent', ref, { alias, errorName: err.errorName });
  }
}
