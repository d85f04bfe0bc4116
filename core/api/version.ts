/**
 * The contract's version: what a workstation (its windows' client, its device agent) and the hub
 * compare at connect. Bump it when the contract changes incompatibly — a procedure or event removed
 * or renamed, an input made stricter, an output's shape changed — not for additions an older client
 * ignores. A workstation whose number differs from its hub's is refused with both numbers named
 * (docs/OFFICE-SETUP.md: update the hub and every workstation together).
 */
export const CONTRACT_VERSION = 1;
