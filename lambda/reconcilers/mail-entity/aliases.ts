/**
 * The aliases an entity declares, added when it registers. WorkMail frees an entity's
 * aliases when it deregisters it; registering it again, forward or in the rollback of a
 * failed deregistration, sends its alias set no event (the set's declaration did not
 * change, or it only left the template and its removal never came), so the entity adds
 * the declared aliases it lacks itself. It removes none: that is the alias set's job.
 */
import { createAlias } from '../alias/calls';
import { listAliases } from '../alias/owner';
import { logDecision, sameText } from '../decisions';
import { LiveEntityRef } from '../entity-lifecycle';
import { HandlerDeps } from '../reconciler';

export async function restoreDeclaredAliases(deps: HandlerDeps, ref: LiveEntityRef, primary: string, declared: readonly string[]): Promise<void> {
  if (declared.length === 0) return;
  const held = await listAliases(deps, ref, primary);
  const missing = declared.filter((alias) => !sameText(alias, primary) && !held.some((h) => sameText(h, alias)));
  if (missing.length === 0) return;
  logDecision(deps, 'restore-declared-aliases', ref, { aliases: missing.join(','), reason: 'registered again: the deregistration freed them' });
  for (const alias of missing) await createAlias(deps, ref, primary, alias);
}
