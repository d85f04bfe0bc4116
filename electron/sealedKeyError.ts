/** The OS keychain cannot open the sealed database key (electron/keyStore.ts); its own file so startup.ts needs no `electron`. */
export class SealedKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedKeyError';
  }
}
