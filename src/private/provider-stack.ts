/**
 * Which stack holds the WorkMail provider that serves a construct: its own stack,
 * or, for the nested stacks of a `WorkMailEntitySpread`, the nearest stack above
 * them that is not such a nested stack (one provider for the whole organization,
 * its service token passed down as a nested stack parameter by CDK).
 */
import { NestedStack, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

const sharingParentProvider = new WeakSet<Stack>();

/** `stack`'s constructs are served by the provider of its parent stack. */
export function useParentProvider(stack: NestedStack): void {
  sharingParentProvider.add(stack);
}

export function providerStackOf(scope: IConstruct): Stack {
  let stack = Stack.of(scope);
  while (sharingParentProvider.has(stack) && stack.nestedStackParent !== undefined) stack = stack.nestedStackParent;
  return stack;
}
