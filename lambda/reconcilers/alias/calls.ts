/**
 * CreateAlias and DeleteAlias for one address, idempotent, with messages that
 * say which address failed and what to do about it.
 */
import { CreateAliasCommand, DeleteAliasCommand } from '@aws-sdk/client-workmail';
import { listAliases } from './owner';
import { MAX_ALIASES } from './parse';
import { isWorkMailError } from '../../errors';
import { logDecision, sameText } from '../decisions';
import { LiveEntityRef } from '../entity-lifecycle';
import { HandlerDeps } from '../reconciler';

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

/** `primary`: the entity's primary address, which ListAliases may list among the aliases. */
export async function createAlias(deps: HandlerDeps, ref: LiveEntityRef, primary: string, alias: string): Promise<void> {
  const organization = ref.organizationId;
  try {
    await deps.workmail.send(new CreateAliasCommand({ OrganizationId: organization, EntityId: ref.id, Alias: alias }), ref);
  } catch (err) {
    if (isWorkMailError(err, 'EmailAddressInUseException')) {
      // A retried call whose first attempt took effect (lost response) finds the address taken by this very entity.
      if ((await listAliases(deps, ref, primary)).some((held) => sameText(held, alias))) {
        logDecision(deps, 'alias-already-added', ref, { alias, errorName: err.errorName });
        return;
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
      const held = (await listAliases(deps, ref, primary)).length;
      throw err.withHint(`WorkMail allows at most ${MAX_ALIASES} aliases per entity, and the ${ref.kind} already holds ${held} ` +
        `(declared or made by hand) besides its primary address, so ${alias} cannot be added: declare fewer aliases or remove some first`);
    }
    throw err;
  }
}

/** Removing an address the entity no longer has is a success (DeleteAlias is idempotent). */
export async function deleteAlias(deps: HandlerDeps, ref: LiveEntityRef, alias: string): Promise<void> {
  await deps.workmail.send(new DeleteAliasCommand({ OrganizationId: ref.organizationId, EntityId: ref.id, Alias: alias }), ref);
}
