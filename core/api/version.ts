/**
 * The contract's version. A workstation (its windows and its device agent) and the hub compare it
 * when they connect; a mismatch is refused with both versions named. Bump it when the contract
 * changes in a way an older peer cannot follow (a procedure or event removed or renamed, an input
 * made stricter, a job kind an older agent would misread); adding something optional does not.
 */
export const contractVersion = 1;
