// Placeholder entry until the handler lands.
export const handler = async () => {
  throw new Error('cdk-workmail: the provider handler is not implemented yet');
};
