/** GetMailDomain and GetMailboxDetails: the read-only details a move off WorkMail needs (DNS records, mailbox sizes). */
import { entityNotFound, WorkMailError } from '../errors';
import { mailboxQuotaOf, mailboxSizeOf, UserEntity } from '../state';
import { ENTITY_IDENTIFIER, organizationId, requiredString, StringShape } from '../validation';
import { activeOrganization, resolveEntity, USER } from './common';
import { Operation } from './context';

/** WorkMailDomainName of the current model. */
const MAIL_DOMAIN_NAME: StringShape = { min: 3, max: 209, pattern: /^[a-zA-Z0-9.-]+$/ };

export const GetMailDomain: Operation = (ctx, body) => {
  const orgId = organizationId(body);
  const domainName = requiredString(body, 'DomainName', MAIL_DOMAIN_NAME);
  const org = activeOrganization(ctx, orgId);
  const details = org.mailDomains.get(domainName.toLowerCase());
  if (!details) throw new WorkMailError('MailDomainNotFoundException', `${domainName} is not a domain of organization ${org.id}`);
  return {
    Records: details.records.map((r) => ({ Type: r.type, Hostname: r.hostname, Value: r.value })),
    IsTestDomain: details.isTestDomain,
    IsDefault: details.isDefault,
    OwnershipVerificationStatus: details.ownershipVerificationStatus,
    DkimVerificationStatus: details.dkimVerificationStatus,
  };
};

/**
 * Only a registered (ENABLED) user has a mailbox. The model gives this operation no EntityStateException, so a
 * user without one answers EntityNotFoundException, as an unknown one does.
 */
export const GetMailboxDetails: Operation = (ctx, body) => {
  const orgId = organizationId(body);
  const userId = requiredString(body, 'UserId', ENTITY_IDENTIFIER);
  const org = activeOrganization(ctx, orgId);
  const user = resolveEntity(org, userId, USER, 'id-name-or-email') as UserEntity;
  if (user.state !== 'ENABLED') throw entityNotFound(`user ${user.id} is ${user.state} and has no mailbox`);
  return { MailboxQuota: mailboxQuotaOf(user), MailboxSize: mailboxSizeOf(user) };
};
