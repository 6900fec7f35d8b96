/** The one usage error of every entry point (cdk-workmail, the runner's and the emulator's own command lines): exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
